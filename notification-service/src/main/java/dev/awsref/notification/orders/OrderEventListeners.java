package dev.awsref.notification.orders;

import dev.awsref.notification.queues.EventReader;
import dev.awsref.notification.queues.HandledEvents;
import dev.awsref.platform.events.EventEnvelope;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The three order queues. What every listener in the system shares (acknowledgement only after
 * the method returns, poison and exhausted messages to the DLQ with the reason, the visibility
 * heartbeat, long polling, concurrency from the model) is the platform's listener policy
 * (service-defaults); a method here only turns a message into an event and hands it on. An
 * unreadable body throws an {@code EventContractException}, which the policy treats as poison.
 */
@Component
class OrderEventListeners {

    private final EventReader reader;
    private final OrderNotifications notifications;
    private final HandledEvents handled;

    OrderEventListeners(EventReader reader, OrderNotifications notifications, HandledEvents handled) {
        this.reader = reader;
        this.notifications = notifications;
        this.handled = handled;
    }

    @SqsListener(value = "#{@topology.queue('notification-order-events')}", id = "notification-order-events")
    void onOrderEvent(Message message, @Header(SqsHeaders.SQS_QUEUE_NAME_HEADER) String queue) {
        handle(message, queue, notifications::customerEvent);
    }

    @SqsListener(value = "#{@topology.queue('high-value-orders')}", id = "high-value-orders")
    void onHighValueOrder(Message message, @Header(SqsHeaders.SQS_QUEUE_NAME_HEADER) String queue) {
        handle(message, queue, notifications::highValueOrder);
    }

    /**
     * FIFO: Spring Cloud AWS hands a message group's messages to this method one at a time, in
     * order, and stops the rest of a group's batch when one fails, so one order's events are
     * handled in the order they were published while different orders run in parallel.
     */
    @SqsListener(value = "#{@topology.queue('notification-order-lifecycle.fifo')}", id = "notification-order-lifecycle")
    void onLifecycleEvent(Message message, @Header(SqsHeaders.SQS_QUEUE_NAME_HEADER) String queue) {
        handle(message, queue, notifications::lifecycleEvent);
    }

    private void handle(Message message, String queue, Handler handler) {
        EventEnvelope<?> event = reader.read(message.body());
        handled.count(queue, event.type(), handler.handle(event, queue, message.messageId()));
    }

    @FunctionalInterface
    private interface Handler {
        Outcome handle(EventEnvelope<?> event, String queue, String messageId);
    }
}
