package dev.awsref.analytics;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The physical names of what this service uses, from the topology and the environment prefix. */
@Component("topologyNames")
public class TopologyNames {

    private final ResourceNames names;

    public TopologyNames(@Value("${app.topology.prefix:}") String prefix) {
        this.names = new ResourceNames(prefix);
    }

    public String prefix() {
        return names.prefix();
    }

    public ResourceNames resourceNames() {
        return names;
    }

    public String stream() {
        return names.physical(ReferenceTopology.USER_ACTIVITY_STREAM);
    }

    public String dailyTable() {
        return names.physical(ReferenceTopology.USER_ACTIVITY_DAILY_TABLE);
    }

    /** The KCL application, which is also its lease table's name. */
    public String kclApplication() {
        return names.physical(ReferenceTopology.ANALYTICS_KCL_APPLICATION);
    }

    public String orderEventsQueue() {
        return names.physical(ReferenceTopology.ANALYTICS_ORDER_EVENTS);
    }

    /** Where this environment's aggregates live in Redis; a replay gets a namespace of its own. */
    public String redisNamespace() {
        return names.prefix().isEmpty() ? "live" : names.prefix();
    }
}
