package dev.awsref.platform.events;

import java.math.BigDecimal;

/**
 * Payment for an order was captured.
 *
 * @param orderId the order's id; also the envelope's subject
 * @param customerId who paid
 * @param amount what was captured
 * @param currency ISO 4217 code of {@code amount}
 */
public record OrderPaid(String orderId, String customerId, BigDecimal amount, String currency) implements EventData {

    public OrderPaid {
        Checks.text(orderId, "orderId");
        Checks.text(customerId, "customerId");
        Checks.notNegative(amount, "amount");
        Checks.text(currency, "currency");
    }
}
