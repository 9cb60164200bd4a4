package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.Drill;
import dev.awsref.system.support.Http;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.SystemTest;
import dev.awsref.testsupport.FreshDatabase;
import java.math.BigDecimal;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable, for one service at a time: the gate in front of the shared PostgreSQL
 * on that service's path is cut (live pooled connections dropped); the server itself keeps running.
 * order-service answers 503 problem details and writes nothing partial, and once the gate opens it
 * recovers by itself (Hikari opens new connections): a retried POST with the same Idempotency-Key
 * places the order exactly once. notification-service, cut from its database, leaves the events
 * on the queue, and sends each confirmation once after PostgreSQL is back.
 */
class PostgresOutageDrillIT extends SystemTest {

    private static final int ORDERS = 5;

    @AfterEach
    void postgresIsReachableAgain() throws Exception {
        system.ordersPostgresGate().open();
        system.notificationsPostgresGate().open();
    }

    @Test
    void orderServiceAnswers503ProblemsWritesNothingPartialAndPlacesEachRetriedOrderOnceWhenPostgresIsBack()
            throws Exception {
        String tag = "pg-drill-" + UUID.randomUUID().toString().substring(0, 8);
        // customer -> the Idempotency-Key its client sends, and sends again on retry
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            keys.put(tag + "-" + i, UUID.randomUUID().toString());
        }
        system.ordersPostgresGate().cut();

        for (var customer : keys.entrySet()) {
            Http.Response refused = place(customer.getKey(), customer.getValue());
            assertUnavailableProblem(refused);
        }
        assertUnavailableProblem(system.orders().listOf(tag + "-0"));
        assertUnavailableProblem(system.orders().get(UUID.randomUUID().toString()));
        assertThat(rowsOf(keys))
                .as("nothing written while PostgreSQL was unreachable: orders, outbox events, idempotency keys")
                .isEqualTo(new Rows(0, 0, 0));

        system.ordersPostgresGate().open();

        // The client retries with the same key until the service answers: no restart, Hikari reconnects.
        var placed = new ArrayList<String>();
        for (var customer : keys.entrySet()) {
            await("order-service placing " + customer.getKey() + "'s retried order after PostgreSQL is back")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> place(customer.getKey(), customer.getValue()).status() == 201);
            Http.Response replay = place(customer.getKey(), customer.getValue());
            assertThat(replay.status()).as(replay.body()).isEqualTo(201);
            assertThat(replay.header("Idempotent-Replayed"))
                    .as("the retry answered with the first order")
                    .hasValue("true");
            placed.add(replay.json().get("id").asString());
        }
        assertThat(rowsOf(keys))
                .as(
                        "each retried order placed once: one order, one outbox event (on both topics), one idempotency key each")
                .isEqualTo(new Rows(ORDERS, ORDERS, ORDERS));

        await("a confirmation for every order placed after the outage")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Orders.confirmed(system.mailbox()).containsAll(placed));
        var drill = Drill.of("orders-postgres-unreachable", placed, Orders.confirmed(system.mailbox()))
                .print();
        assertThat(drill.lost()).isZero();
        assertThat(Orders.confirmationsOf(system.mailbox(), placed))
                .as("one confirmation per order")
                .isEqualTo(ORDERS);
    }

    @Test
    void notificationServiceLeavesEventsOnTheQueueWhilePostgresIsDownAndMailsEachOnceWhenItIsBack() throws Exception {
        system.notificationsPostgresGate().cut();

        List<String> placed = Orders.placeBurst(system.orders(), "pg-notification-drill", ORDERS);
        // Long enough for the listener to receive the events and reach the database: its handling
        // waits for a connection (the pool's timeout) or fails, and leaves the events unacknowledged
        // either way: a failed one comes back after the visibility timeout.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertThat(Orders.confirmed(system.mailbox()))
                .as("no email while notification-service cannot record what it sent")
                .doesNotContainAnyElementsOf(placed);

        system.notificationsPostgresGate().open();

        await("a confirmation for every order placed while notification-service's PostgreSQL was cut")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Orders.confirmed(system.mailbox()).containsAll(placed));
        var seen = new HashSet<>(Orders.confirmed(system.mailbox()));
        var drill = Drill.of("notifications-postgres-unreachable", placed, seen).print();
        assertThat(drill.lost()).isZero();
        assertThat(Orders.confirmationsOf(system.mailbox(), placed))
                .as("one confirmation per order")
                .isEqualTo(ORDERS);
    }

    private static Http.Response place(String customer, String idempotencyKey) {
        return system.orders().place(customer, "drill-item", 1, new BigDecimal("9.90"), idempotencyKey);
    }

    /** A 503 problem detail of the API's own type namespace, with a Retry-After: never a 500, never Boot's JSON. */
    private static void assertUnavailableProblem(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        var problem = response.json();
        assertThat(problem.path("type").asString("")).endsWith("/database-unavailable");
        assertThat(problem.path("title").asString("")).isNotBlank();
        assertThat(problem.path("detail").asString("")).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.has("error")).as("not Boot's default error JSON").isFalse();
        assertThat(response.header("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
    }

    record Rows(long orders, long outbox, long idempotencyKeys) {}

    /** What the database holds for these customers, read directly (not through the cut gate). */
    private static Rows rowsOf(Map<String, String> keys) throws Exception {
        FreshDatabase db = system.ordersDatabase();
        String[] customers = keys.keySet().toArray(String[]::new);
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            var array = connection.createArrayOf("varchar", customers);
            return new Rows(
                    count(connection, "SELECT count(*) FROM orders WHERE customer_id = ANY (?)", array),
                    count(
                            connection,
                            "SELECT count(DISTINCT event_id) FROM outbox WHERE aggregate_id IN"
                                    + " (SELECT id::text FROM orders WHERE customer_id = ANY (?))",
                            array),
                    count(connection, "SELECT count(*) FROM idempotency_keys WHERE customer_id = ANY (?)", array));
        }
    }

    private static long count(java.sql.Connection connection, String sql, java.sql.Array customers) throws Exception {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setArray(1, customers);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
