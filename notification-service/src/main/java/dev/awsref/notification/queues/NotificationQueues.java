package dev.awsref.notification.queues;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.Topology;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The queues this service consumes, named as the topology names them in this environment
 * ({@code app.topology.prefix}). The listeners refer to this bean by name in SpEL, so no queue name
 * is typed twice: {@code @SqsListener("#{@notificationQueues.orderEvents()}")}.
 */
@Component("notificationQueues")
public class NotificationQueues {

    private final Topology topology = ReferenceTopology.definition();
    private final ResourceNames names;

    public NotificationQueues(@Value("${app.topology.prefix:}") String prefix) {
        this.names = new ResourceNames(prefix);
    }

    public String orderEvents() {
        return names.physical(ReferenceTopology.NOTIFICATION_ORDER_EVENTS);
    }

    public String highValueOrders() {
        return names.physical(ReferenceTopology.HIGH_VALUE_ORDERS);
    }

    public String orderLifecycle() {
        return names.physical(ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE);
    }

    public String documents() {
        return names.physical(ReferenceTopology.NOTIFICATION_DOCUMENTS);
    }

    /** Every work queue this service consumes, with its dead-letter queue, in topology order. */
    public List<ConsumedQueue> consumed() {
        return topology.queuesInCreationOrder().stream()
                .filter(q -> q.consumer() == ServiceName.NOTIFICATION && !q.isDeadLetterQueue())
                .map(this::describe)
                .toList();
    }

    /** The consumed queue with this logical or physical name. */
    public Optional<ConsumedQueue> find(String name) {
        return consumed().stream()
                .filter(q -> q.logicalName().equals(name) || q.physicalName().equals(name))
                .findFirst();
    }

    private ConsumedQueue describe(QueueSpec spec) {
        String dlq = spec.deadLetter().orElseThrow().queueName();
        return new ConsumedQueue(
                spec.name(),
                names.physical(spec.name()),
                names.physical(dlq),
                spec.fifo(),
                spec.deadLetter().orElseThrow().maxReceiveCount(),
                spec.visibilityTimeout());
    }
}
