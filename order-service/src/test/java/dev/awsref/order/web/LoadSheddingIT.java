package dev.awsref.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many clients post orders at once while PostgreSQL holds every insert (a table lock taken by the
 * test): the service lets {@value #MAX_IN_FLIGHT} requests in, answers every other one at once
 * with 503 overloaded and a Retry-After, and once the lock goes, the requests it let in commit.
 * Nothing is half-written, nothing answers 500, and the service takes new orders afterwards. This
 * is the bound that keeps order-service inside its heap when orders arrive faster than its pool
 * of {@value #POOL_SIZE} connections serves them (docs/benchmarks.md, the system benchmark at
 * 100 orders/s).
 */
@OrderServiceIT(
        properties = {
            "app.outbox.relay-enabled=false",
            "app.rate-limit.limit-for-period=10000",
            "app.api.max-in-flight=" + LoadSheddingIT.MAX_IN_FLIGHT,
            "spring.datasource.hikari.maximum-pool-size=" + LoadSheddingIT.POOL_SIZE,
            // The requests let in wait for the test's lock, not for the pool's 5 s timeout.
            "spring.datasource.hikari.connection-timeout=60000"
        })
class LoadSheddingIT {

    static final int MAX_IN_FLIGHT = 4;
    static final int POOL_SIZE = 2;
    private static final int CLIENTS = 40;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @Test
    void ordersBeyondTheBoundAreRefusedAtOnceWith503AndTheOnesLetInCommitWhenTheDatabaseFreesUp() throws Exception {
        String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        double shedBefore = meters.get("api.requests.shed").counter().count();
        List<Future<Api.Response>> answers = new ArrayList<>();

        try (Connection lock = holdEveryInsertIntoOrders();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                var api = new Api(port); // one HTTP client, so one connection, per caller
                String body = Api.order(customer, "EUR", "sku-" + i, "1", "9.99");
                answers.add(clients.submit(() -> api.post("/api/orders", body)));
            }
            // Everything beyond the bound is answered while the lock still holds the rest.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> answers.stream().filter(Future::isDone).count() == CLIENTS - MAX_IN_FLIGHT);
            assertThat(answers.stream().filter(answer -> !answer.isDone())).hasSize(MAX_IN_FLIGHT);
            lock.rollback();
        }

        List<Api.Response> responses = new ArrayList<>();
        for (var answer : answers) {
            responses.add(answer.get(60, TimeUnit.SECONDS));
        }
        var refused = responses.stream().filter(r -> r.status() == 503).toList();
        assertThat(responses).extracting(Api.Response::status).containsOnly(201, 503);
        assertThat(refused).hasSize(CLIENTS - MAX_IN_FLIGHT);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).endsWith("/overloaded");
            assertThat(r.json().get("detail").asString()).contains("(" + MAX_IN_FLIGHT + ")");
        });
        assertThat(meters.get("api.requests.shed").counter().count() - shedBefore)
                .isEqualTo(CLIENTS - MAX_IN_FLIGHT);

        assertThat(count("SELECT count(*) FROM orders WHERE customer_id = ?", customer))
                .as("only the orders let in exist, each with its outbox rows")
                .isEqualTo(MAX_IN_FLIGHT);
        assertThat(count(
                        "SELECT count(*) FROM outbox o JOIN orders r ON o.aggregate_id = r.id::text"
                                + " WHERE r.customer_id = ?",
                        customer))
                .isEqualTo(2L * MAX_IN_FLIGHT);

        assertThat(new Api(port)
                        .post("/api/orders", Api.order(customer, "EUR", "sku-after", "1", "9.99"))
                        .status())
                .as("the places are free again")
                .isEqualTo(201);
    }

    /**
     * A transaction of the test's own, outside the service's pool, that locks {@code orders}
     * against writes: each order the service lets in then waits in its INSERT.
     */
    private Connection holdEveryInsertIntoOrders() throws Exception {
        Connection connection = DriverManager.getConnection(
                environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""));
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            statement.execute("LOCK TABLE orders IN EXCLUSIVE MODE");
        }
        return connection;
    }

    private long count(String sql, String customer) {
        return jdbc.sql(sql).param(customer).query(Long.class).single();
    }
}
