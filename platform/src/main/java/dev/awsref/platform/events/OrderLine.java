package dev.awsref.platform.events;

import java.math.BigDecimal;

/**
 * One line of a placed order.
 *
 * @param productId the product's id in the catalogue
 * @param quantity how many, at least one
 * @param unitPrice price of one unit in the order's currency
 */
public record OrderLine(String productId, int quantity, BigDecimal unitPrice) {

    public OrderLine {
        Checks.text(productId, "productId");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1 but was " + quantity);
        }
        Checks.notNegative(unitPrice, "unitPrice");
    }
}
