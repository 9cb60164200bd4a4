package dev.awsref.platform.events;

/**
 * An order was cancelled before it shipped.
 *
 * @param orderId the order's id; also the envelope's subject
 * @param customerId whose order it was
 * @param reason why, in words a customer may read
 */
public record OrderCancelled(String orderId, String customerId, String reason) implements EventData {

    public OrderCancelled {
        Checks.text(orderId, "orderId");
        Checks.text(customerId, "customerId");
        Checks.text(reason, "reason");
    }
}
