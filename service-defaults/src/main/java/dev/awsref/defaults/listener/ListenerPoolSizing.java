package dev.awsref.defaults.listener;

import com.zaxxer.hikari.HikariDataSource;
import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * A listener that handles a message inside a transaction holds a connection for the whole
 * message. The pool must then cover every listener's concurrency at once, plus room for the rest
 * of the service, or listeners wait on the pool and messages time out. The sum comes from the
 * model, so adding a queue never means doing this arithmetic again by hand.
 */
public class ListenerPoolSizing implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(ListenerPoolSizing.class);

    private final ObjectProvider<EnvironmentTopology> topologyProvider;
    private final int headroom;

    /** Takes a provider: a post-processor is created before the beans it would otherwise need. */
    public ListenerPoolSizing(ObjectProvider<EnvironmentTopology> topology, int headroom) {
        this.topologyProvider = topology;
        this.headroom = headroom;
    }

    int required(EnvironmentTopology topology) {
        return topology.consumedQueues().stream()
                        .mapToInt(q -> q.listener().maxConcurrentMessages())
                        .sum()
                + headroom;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!(bean instanceof HikariDataSource pool)) {
            return bean;
        }
        EnvironmentTopology topology = topologyProvider.getObject();
        if (!topology.consumedQueues().isEmpty()) {
            int required = required(topology);
            if (pool.getMaximumPoolSize() < required) {
                log.info(
                        "connection pool {}: {} connections, as the listeners on {} handle up to {} messages at once"
                                + " (plus {} for the rest)",
                        beanName,
                        required,
                        topology.consumedQueues().stream()
                                .map(ConsumedQueue::logicalName)
                                .toList(),
                        required - headroom,
                        headroom);
                pool.setMaximumPoolSize(required);
            }
        }
        return bean;
    }
}
