package dev.awsref.order.ordering;

import java.util.Optional;

/**
 * Who calls the API. With a token, a customer sees and changes only their own orders and only a
 * caller with the ship scope ships; without security (the local profile) anyone does anything.
 *
 * @param customerId the token's subject, empty when security is off
 */
public record Caller(Optional<String> customerId, boolean mayShip) {

    public static Caller unrestricted() {
        return new Caller(Optional.empty(), true);
    }

    public static Caller customer(String subject, boolean mayShip) {
        return new Caller(Optional.of(subject), mayShip);
    }

    /** Whether this caller may see the order; others get a 404, so ids cannot be probed. */
    boolean owns(String orderCustomerId) {
        return customerId.map(orderCustomerId::equals).orElse(true);
    }
}
