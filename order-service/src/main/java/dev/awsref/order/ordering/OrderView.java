package dev.awsref.order.ordering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as the API shows it and the cache stores it. */
public record OrderView(
        UUID id,
        String customerId,
        OrderStatus status,
        String currency,
        BigDecimal total,
        List<Line> lines,
        String carrier,
        String trackingNumber,
        String cancelReason,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public record Line(String productId, int quantity, BigDecimal unitPrice) {}

    static OrderView of(Order order) {
        return new OrderView(
                order.id(),
                order.customerId(),
                order.status(),
                order.currency(),
                order.total(),
                order.lines().stream()
                        .map(l -> new Line(l.productId(), l.quantity(), l.unitPrice()))
                        .toList(),
                order.carrier(),
                order.trackingNumber(),
                order.cancelReason(),
                order.createdAt(),
                order.updatedAt(),
                order.version());
    }
}
