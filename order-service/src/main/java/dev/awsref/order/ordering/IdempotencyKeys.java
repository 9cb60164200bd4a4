package dev.awsref.order.ordering;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Remembers which order an Idempotency-Key created, per customer, with a hash of the request. The
 * insert takes the key in the creating transaction: a concurrent request with the same key waits
 * on the primary key until the first commits, then finds it.
 */
@Repository
class IdempotencyKeys {

    record Claim(UUID orderId, String requestHash) {}

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return empty if the key is now ours, else who had it first */
    Optional<Claim> claim(String customerId, String key, String requestHash, UUID orderId) {
        int inserted = jdbc.sql("INSERT INTO idempotency_keys (customer_id, idempotency_key, request_hash, order_id)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(customerId, key, requestHash, orderId)
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql(
                        "SELECT order_id, request_hash FROM idempotency_keys WHERE customer_id = ? AND idempotency_key = ?")
                .params(customerId, key)
                .query((rs, n) -> new Claim(rs.getObject("order_id", UUID.class), rs.getString("request_hash")))
                .optional();
    }
}
