package dev.awsref.notification.orders;

import dev.awsref.notification.email.Email;
import dev.awsref.notification.email.EmailSettings;
import dev.awsref.notification.email.Mailer;
import dev.awsref.notification.email.Notification;
import dev.awsref.notification.idempotency.ProcessedNotifications;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.OrderCancelled;
import dev.awsref.platform.events.OrderPaid;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.OrderShipped;
import dev.awsref.platform.events.UserActivity;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides which email an order event causes, and sends it at least once, with deduplication.
 *
 * <p>Each method is one transaction: claim the (event id, notification) key, send, commit. If the
 * send throws, the claim rolls back with it and the message, not acknowledged, comes again. See
 * {@link ProcessedNotifications} for why the claim comes before the send. The claim keeps a
 * delivered event from being mailed again once it committed; an email the server accepted just
 * before a failed commit is sent again under the same Message-ID (see {@link Mailer}).
 */
@Service
public class OrderNotifications {

    private static final Logger log = LoggerFactory.getLogger(OrderNotifications.class);

    private final ProcessedNotifications processed;
    private final OrderLifecycleJournal journal;
    private final Mailer mailer;
    private final EmailSettings mail;

    public OrderNotifications(
            ProcessedNotifications processed, OrderLifecycleJournal journal, Mailer mailer, EmailSettings mail) {
        this.processed = processed;
        this.journal = journal;
        this.mailer = mailer;
        this.mail = mail;
    }

    /** An event from notification-order-events: the customer's email, if the event has one. */
    @Transactional
    public Outcome customerEvent(EventEnvelope<?> event, String queue, String messageId) {
        return switch (event.data()) {
            case OrderPlaced placed ->
                send(
                        event,
                        queue,
                        messageId,
                        Notification.ORDER_CONFIRMATION,
                        customer(placed.customerId()),
                        Map.of(
                                "orderId", placed.orderId(),
                                "currency", placed.currency(),
                                "total", placed.total().toPlainString(),
                                "lines", placed.lines()));
            case OrderShipped shipped ->
                send(
                        event,
                        queue,
                        messageId,
                        Notification.ORDER_SHIPPED,
                        customer(shipped.customerId()),
                        Map.of(
                                "orderId", shipped.orderId(),
                                "carrier", shipped.carrier(),
                                "trackingUrl",
                                        mail.trackingUrl().replace("{trackingNumber}", shipped.trackingNumber())));
            case OrderCancelled cancelled ->
                send(
                        event,
                        queue,
                        messageId,
                        Notification.ORDER_CANCELLED,
                        customer(cancelled.customerId()),
                        Map.of("orderId", cancelled.orderId(), "reason", cancelled.reason()));
            case OrderPaid paid -> nothingToSend(event, queue);
            case UserActivity activity -> nothingToSend(event, queue);
        };
    }

    /** An event from high-value-orders: the operations alert. */
    @Transactional
    public Outcome highValueOrder(EventEnvelope<?> event, String queue, String messageId) {
        if (!(event.data() instanceof OrderPlaced placed)) {
            return nothingToSend(event, queue);
        }
        return send(
                event,
                queue,
                messageId,
                Notification.HIGH_VALUE_ALERT,
                mail.operationsAddress(),
                Map.of(
                        "orderId", placed.orderId(),
                        "customerId", placed.customerId(),
                        "total", placed.total().toPlainString(),
                        "currency", placed.currency(),
                        "eventId", event.id()));
    }

    /**
     * An event from the FIFO lifecycle queue, which delivers one order's events in order: journal
     * it, then send the customer's email if it has one. The same events also reach
     * notification-order-events; whichever queue delivers an event first sends its email, the other
     * finds the key taken.
     */
    @Transactional
    public Outcome lifecycleEvent(EventEnvelope<?> event, String queue, String messageId) {
        journal.append(event);
        return customerEvent(event, queue, messageId);
    }

    private Outcome send(
            EventEnvelope<?> event,
            String queue,
            String messageId,
            Notification notification,
            String to,
            Map<String, Object> model) {
        var email = new Email(notification, event.id(), to, model);
        if (!processed.claim(event.id(), notification.name(), queue, messageId, mailer.messageId(email))) {
            log.info(
                    "{} for event {} was sent before; message {} on {} is a duplicate",
                    notification,
                    event.id(),
                    messageId,
                    queue);
            return Outcome.DUPLICATE;
        }
        mailer.send(email);
        return Outcome.SENT;
    }

    private String customer(String customerId) {
        return mail.customerAddress(customerId);
    }

    private static Outcome nothingToSend(EventEnvelope<?> event, String queue) {
        log.debug("{} {} on {} needs no email", event.type(), event.id(), queue);
        return Outcome.NOTHING_TO_SEND;
    }
}
