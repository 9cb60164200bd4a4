package dev.awsref.notification.orders;

import dev.awsref.notification.queues.ConsumedQueue;
import dev.awsref.notification.queues.EventReader;
import dev.awsref.notification.queues.NotificationQueues;
import dev.awsref.notification.queues.PoisonMessages;
import dev.awsref.notification.queues.VisibilityHeartbeat;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.topology.ReferenceTopology;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The three order queues. Each listener long-polls (20 s), receives up to 10 messages per call,
 * handles up to its queue's concurrency at once, and acknowledges (deletes) a message only after
 * its handler returned: ON_SUCCESS. Queue names come from the topology through the
 * {@code notificationQueues} bean; the container fails start-up if a queue is missing
 * ({@code queue-not-found-strategy: fail}) instead of creating one without its DLQ.
 */
@Component
class OrderEventListeners {

    private final NotificationQueues queues;
    private final EventReader reader;
    private final PoisonMessages poison;
    private final VisibilityHeartbeat heartbeat;
    private final OrderNotifications notifications;
    private final MeterRegistry meters;

    OrderEventListeners(
            NotificationQueues queues,
            EventReader reader,
            PoisonMessages poison,
            VisibilityHeartbeat heartbeat,
            OrderNotifications notifications,
            MeterRegistry meters) {
        this.meters = meters;
        this.queues = queues;
        this.reader = reader;
        this.poison = poison;
        this.heartbeat = heartbeat;
        this.notifications = notifications;
    }

    @SqsListener(
            value = "#{@notificationQueues.orderEvents()}",
            id = "notification-order-events",
            maxConcurrentMessages = "${app.listeners.order-events.max-concurrent-messages:10}",
            maxMessagesPerPoll = "${app.listeners.max-messages-per-poll:10}",
            pollTimeoutSeconds = "${app.listeners.poll-timeout-seconds:20}",
            acknowledgementMode = "ON_SUCCESS")
    void onOrderEvent(Message message, Visibility visibility) {
        handle(ReferenceTopology.NOTIFICATION_ORDER_EVENTS, message, visibility, notifications::customerEvent);
    }

    @SqsListener(
            value = "#{@notificationQueues.highValueOrders()}",
            id = "high-value-orders",
            maxConcurrentMessages = "${app.listeners.high-value-orders.max-concurrent-messages:2}",
            maxMessagesPerPoll = "${app.listeners.high-value-orders.max-messages-per-poll:2}",
            pollTimeoutSeconds = "${app.listeners.poll-timeout-seconds:20}",
            acknowledgementMode = "ON_SUCCESS")
    void onHighValueOrder(Message message, Visibility visibility) {
        handle(ReferenceTopology.HIGH_VALUE_ORDERS, message, visibility, notifications::highValueOrder);
    }

    /**
     * FIFO: Spring Cloud AWS hands a message group's messages to this method one at a time, in
     * order, and stops the rest of a group's batch when one fails, so one order's events are
     * handled in the order they were published while different orders run in parallel.
     */
    @SqsListener(
            value = "#{@notificationQueues.orderLifecycle()}",
            id = "notification-order-lifecycle",
            maxConcurrentMessages = "${app.listeners.order-lifecycle.max-concurrent-messages:10}",
            maxMessagesPerPoll = "${app.listeners.max-messages-per-poll:10}",
            pollTimeoutSeconds = "${app.listeners.poll-timeout-seconds:20}",
            acknowledgementMode = "ON_SUCCESS")
    void onLifecycleEvent(Message message, Visibility visibility) {
        handle(ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE, message, visibility, notifications::lifecycleEvent);
    }

    private void handle(String logicalQueue, Message message, Visibility visibility, Handler handler) {
        ConsumedQueue queue = queues.find(logicalQueue).orElseThrow();
        EventEnvelope<?> event;
        try {
            event = reader.read(message.body());
        } catch (EventContractException unreadable) {
            count(queue, "unreadable", "POISON");
            throw poison.reject(queue, message, unreadable);
        }
        try (var beat = heartbeat.keepInvisible(visibility, message.messageId())) {
            Outcome outcome = handler.handle(event, queue.physicalName(), message.messageId());
            count(queue, event.type(), outcome.name());
        } catch (RuntimeException failed) {
            // Its transaction has rolled back; the message comes again after the visibility timeout.
            count(queue, event.type(), "FAILED");
            poison.recordFailure(queue, message, failed);
            throw failed;
        }
    }

    /** Events handled, by queue, event type and outcome: {@code notification.events}. */
    private void count(ConsumedQueue queue, String type, String outcome) {
        meters.counter("notification.events", "queue", queue.logicalName(), "type", type, "outcome", outcome)
                .increment();
    }

    @FunctionalInterface
    private interface Handler {
        Outcome handle(EventEnvelope<?> event, String queue, String messageId);
    }
}
