package dev.awsref.notification.support;

import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.OrderCancelled;
import dev.awsref.platform.events.OrderLine;
import dev.awsref.platform.events.OrderPaid;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.OrderShipped;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Events as order-service creates them, for one order of one (unique) customer. */
public record OrderEvents(String orderId, String customerId) {

    public static OrderEvents newOrder() {
        return new OrderEvents(
                "order-" + UUID.randomUUID(),
                "customer-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String customerAddress() {
        return customerId + "@customers.example.com";
    }

    public EventEnvelope<OrderPlaced> placed(String total) {
        return EventEnvelope.of(
                "order-service",
                orderId,
                new OrderPlaced(
                        orderId,
                        customerId,
                        "EUR",
                        new BigDecimal(total),
                        List.of(new OrderLine("sku-1", 2, new BigDecimal(total).divide(BigDecimal.TWO)))));
    }

    public EventEnvelope<OrderPaid> paid(String amount) {
        return EventEnvelope.of(
                "order-service", orderId, new OrderPaid(orderId, customerId, new BigDecimal(amount), "EUR"));
    }

    public EventEnvelope<OrderShipped> shipped(String trackingNumber) {
        return EventEnvelope.of("order-service", orderId, new OrderShipped(orderId, customerId, "DHL", trackingNumber));
    }

    public EventEnvelope<OrderCancelled> cancelled(String reason) {
        return EventEnvelope.of("order-service", orderId, new OrderCancelled(orderId, customerId, reason));
    }
}
