package dev.awsref.order.ordering;

import dev.awsref.platform.events.EventData;
import dev.awsref.platform.events.OrderCancelled;
import dev.awsref.platform.events.OrderPaid;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.OrderShipped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order and the rules for changing it. Plain Java: each change returns the changed order and
 * the event that says what happened, and the caller stores both in one transaction.
 *
 * @param version optimistic lock, raised by every change
 */
public record Order(
        UUID id,
        String customerId,
        OrderStatus status,
        String currency,
        BigDecimal total,
        List<OrderLine> lines,
        String carrier,
        String trackingNumber,
        String cancelReason,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Order {
        lines = List.copyOf(lines);
    }

    /** What a change produced: the new state and its event. */
    public record Change(Order order, EventData event) {}

    public static Change place(UUID id, String customerId, String currency, List<OrderLine> lines, Instant now) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        BigDecimal total = lines.stream().map(OrderLine::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        var order =
                new Order(id, customerId, OrderStatus.PLACED, currency, total, lines, null, null, null, now, now, 0);
        return new Change(order, order.placedEvent());
    }

    public OrderPlaced placedEvent() {
        return new OrderPlaced(
                id.toString(),
                customerId,
                currency,
                total,
                lines.stream()
                        .map(line -> new dev.awsref.platform.events.OrderLine(
                                line.productId(), line.quantity(), line.unitPrice()))
                        .toList());
    }

    public Change pay(Instant now) {
        Order paid = moveTo(OrderStatus.PAID, now, carrier, trackingNumber, cancelReason);
        return new Change(paid, new OrderPaid(id.toString(), customerId, total, currency));
    }

    public Change ship(String carrier, String trackingNumber, Instant now) {
        Order shipped = moveTo(OrderStatus.SHIPPED, now, carrier, trackingNumber, cancelReason);
        return new Change(shipped, new OrderShipped(id.toString(), customerId, carrier, trackingNumber));
    }

    public Change cancel(String reason, Instant now) {
        Order cancelled = moveTo(OrderStatus.CANCELLED, now, carrier, trackingNumber, reason);
        return new Change(cancelled, new OrderCancelled(id.toString(), customerId, reason));
    }

    private Order moveTo(OrderStatus target, Instant now, String carrier, String trackingNumber, String reason) {
        if (!status.canMoveTo(target)) {
            throw new IllegalTransitionException(status, target);
        }
        return new Order(
                id,
                customerId,
                target,
                currency,
                total,
                lines,
                carrier,
                trackingNumber,
                reason,
                createdAt,
                now,
                version + 1);
    }
}
