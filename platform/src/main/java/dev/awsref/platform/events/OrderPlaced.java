package dev.awsref.platform.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order was accepted. Published by order-service to the orders topic.
 *
 * <p>{@code total} is written as a JSON number, not a string: the high-value subscription's filter
 * policy (scope {@code MessageBody}) compares {@code data.total} numerically, and SNS only does
 * that on numbers.
 *
 * @param orderId the order's id; also the envelope's subject
 * @param customerId who placed it
 * @param currency ISO 4217 code, e.g. {@code EUR}
 * @param total what the customer pays, which need not be the sum of the lines (discounts, shipping)
 * @param lines what was ordered; never empty
 */
public record OrderPlaced(String orderId, String customerId, String currency, BigDecimal total, List<OrderLine> lines)
        implements EventData {

    public OrderPlaced {
        Checks.text(orderId, "orderId");
        Checks.text(customerId, "customerId");
        Checks.text(currency, "currency");
        Checks.notNegative(total, "total");
        // copyOf also rejects null elements, and makes the record safe to share between threads.
        lines = List.copyOf(Checks.present(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
    }
}
