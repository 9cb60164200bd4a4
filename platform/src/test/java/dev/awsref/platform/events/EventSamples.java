package dev.awsref.platform.events;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;

/** One realistic payload per event type; the switch fails to compile when a type is added without one. */
final class EventSamples {

    static final Instant NOW = Instant.parse("2026-03-14T09:26:53.589Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private EventSamples() {}

    static EventData sampleOf(EventType type) {
        return switch (type) {
            case ORDER_PLACED -> orderPlaced();
            case ORDER_PAID -> new OrderPaid("ord-1001", "cust-42", new BigDecimal("1249.90"), "EUR");
            case ORDER_SHIPPED -> new OrderShipped("ord-1001", "cust-42", "DHL", "JD014600003828374651");
            case ORDER_CANCELLED -> new OrderCancelled("ord-1001", "cust-42", "payment declined");
            case USER_ACTIVITY -> userActivity();
        };
    }

    static OrderPlaced orderPlaced() {
        return new OrderPlaced(
                "ord-1001",
                "cust-42",
                "EUR",
                new BigDecimal("1249.90"),
                List.of(
                        new OrderLine("sku-keyboard", 1, new BigDecimal("149.90")),
                        new OrderLine("sku-monitor", 2, new BigDecimal("550.00"))));
    }

    static UserActivity userActivity() {
        var properties = new LinkedHashMap<String, String>();
        properties.put("query", "mechanical keyboard");
        properties.put("page", "2");
        return new UserActivity(
                "user-7", ActivityType.SEARCH, null, Instant.parse("2026-03-14T09:26:50.100Z"), properties);
    }

    static String subjectOf(EventData data) {
        return switch (data) {
            case OrderPlaced e -> e.orderId();
            case OrderPaid e -> e.orderId();
            case OrderShipped e -> e.orderId();
            case OrderCancelled e -> e.orderId();
            case UserActivity e -> e.userId();
        };
    }

    static <T extends EventData> EventEnvelope<T> envelopeOf(T data) {
        String source = data instanceof UserActivity ? "analytics-service" : "order-service";
        return EventEnvelope.of(source, subjectOf(data), data, CLOCK);
    }
}
