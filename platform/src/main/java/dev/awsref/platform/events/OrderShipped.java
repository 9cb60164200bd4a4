package dev.awsref.platform.events;

/**
 * An order left the warehouse.
 *
 * @param orderId the order's id; also the envelope's subject
 * @param customerId who it goes to
 * @param carrier who carries it
 * @param trackingNumber the carrier's tracking number, shown in the notification
 */
public record OrderShipped(String orderId, String customerId, String carrier, String trackingNumber)
        implements EventData {

    public OrderShipped {
        Checks.text(orderId, "orderId");
        Checks.text(customerId, "customerId");
        Checks.text(carrier, "carrier");
        Checks.text(trackingNumber, "trackingNumber");
    }
}
