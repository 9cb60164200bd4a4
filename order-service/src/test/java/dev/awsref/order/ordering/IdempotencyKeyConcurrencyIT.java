package dev.awsref.order.ordering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Identical requests with one Idempotency-Key, sent at the same moment from many connections
 * against real PostgreSQL: exactly one order (and one set of outbox rows) exists afterwards, one
 * answer created it and every other answer replays it.
 */
@OrderServiceIT(properties = {"app.outbox.relay-enabled=false", "app.rate-limit.limit-for-period=10000"})
class IdempotencyKeyConcurrencyIT {

    private static final int CLIENTS = 16;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @RepeatedTest(3)
    void concurrentIdenticalRequestsWithOneKeyCreateOneOrderAndTheOthersReplayIt() throws Exception {
        String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        String body = Api.order(customer, "EUR", "sku-1", "1", "9.99");
        String key = "key-" + UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            for (int i = 0; i < CLIENTS; i++) {
                var api = new Api(port); // one HTTP client, so one connection, per caller
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/orders", body, "Idempotency-Key", key);
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (var answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses).extracting(Api.Response::status).containsOnly(201);
            assertThat(responses)
                    .extracting(r -> r.json().get("id").asString())
                    .containsOnly(responses.getFirst().json().get("id").asString());
            assertThat(responses)
                    .filteredOn(r -> "true".equals(r.header("Idempotent-Replayed")))
                    .hasSize(CLIENTS - 1);
        }
        assertThat(count("SELECT count(*) FROM orders WHERE customer_id = ?", customer))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM outbox o JOIN orders r ON o.aggregate_id = r.id::text"
                                + " WHERE r.customer_id = ?",
                        customer))
                .isEqualTo(2);
    }

    private long count(String sql, String customer) {
        return jdbc.sql(sql).param(customer).query(Long.class).single();
    }
}
