package dev.awsref.order.ordering;

import static dev.awsref.testsupport.QueueProbe.aboutSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.QueueProbe;
import dev.awsref.testsupport.fuzz.HttpFuzzer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Input a hostile or careless client sends, against real PostgreSQL and the SNS/SQS emulator: each
 * is a 400 problem naming the field, never a 500 from the database, and leaves no row behind. The
 * defects found by hand have a test each; the fuzz test then throws every input class of {@link
 * OrderInputs} at the API ({@link HttpFuzzer}) in the same running service.
 */
@OrderServiceIT(properties = {"app.outbox.poll-interval=100ms", "app.rate-limit.limit-for-period=100000"})
class HostileOrderInputIT {

    @LocalServerPort
    int port;

    @Value("${app.topology.prefix}")
    String prefix;

    @Autowired
    JdbcClient jdbc;

    Api api;
    String customer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aTotalBeyondTheColumnsPrecisionIsA400NamingTheLinesAndLeavesNoRow() {
        // 100,000 x 999,999,999,999.99: each value is allowed on its own, the total (about 10^17)
        // does not fit numeric(16,2).
        var response = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "100000", "999999999999.99"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Api.texts(response.json().get("errors"), "field")).containsExactly("lines");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aTotalAboveSnsNumericFilterRangeIsRefusedInsteadOfMissingTheHighValueAlert() {
        // SNS compares numbers in filter policies only from -10^9 to 10^9; a bigger total would
        // never match "total >= 1000", so the operations alert would silently not happen.
        var response = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "1000000000.00"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(Api.texts(response.json().get("errors"), "field")).containsExactly("lines");
        assertThat(response.json().get("errors").get(0).get("reason").asString())
                .contains("999999999.99");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void theLargestTotalAcceptedStillReachesTheHighValueQueue() {
        var response = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "999999999.99"));
        assertThat(response.status()).isEqualTo(201);
        String orderId = response.json().get("id").asString();

        QueueProbe highValue = Infrastructure.queue(prefix, ReferenceTopology.HIGH_VALUE_ORDERS);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !highValue.matching(aboutSubject(orderId)).isEmpty());
    }

    @Test
    void aFractionalQuantityIsRefusedRatherThanStoredRoundedDown() {
        var response = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "2.9", "10.00"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(Api.texts(response.json().get("errors"), "field")).containsExactly("lines[0].quantity");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aNulCharacterInAProductIdIsA400NamingTheFieldAndLeavesNoRow() {
        var response = api.post("/api/orders", Api.order(customer, "EUR", "sku\\u0000-1", "1", "10.00"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(Api.texts(response.json().get("errors"), "field")).containsExactly("lines[0].productId");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aNulCharacterInTheCustomerIdIsA400InTheBodyAndInTheQuery() {
        var placed = api.post("/api/orders", Api.order("evil\\u0000", "EUR", "sku-1", "1", "10.00"));
        var listed = api.get("/api/orders?customerId=evil%00");

        assertThat(placed.status()).isEqualTo(400);
        assertThat(Api.texts(placed.json().get("errors"), "field")).containsExactly("customerId");
        assertThat(listed.status()).isEqualTo(400);
        assertThat(Api.texts(listed.json().get("errors"), "field")).containsExactly("customerId");
    }

    @Test
    void aNulCharacterInACancelReasonIsA400AndTheOrderStaysPlaced() {
        String orderId = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "10.00"))
                .json()
                .get("id")
                .asString();

        var response = api.post("/api/orders/" + orderId + "/cancel", "{\"reason\":\"changed\\u0000mind\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(Api.texts(response.json().get("errors"), "field")).containsExactly("reason");
        assertThat(jdbc.sql("SELECT status FROM orders WHERE id = ?::uuid")
                        .param(orderId)
                        .query(String.class)
                        .single())
                .isEqualTo("PLACED");
    }

    @Test
    void aFuzzedClientGetsNo5xxAndEveryRefusalIsAProblemNamingTheFieldThatWritesNothing() throws Exception {
        var classes = OrderInputs.classes(UUID.randomUUID());
        try (var fuzzer = new HttpFuzzer("http://127.0.0.1:" + port, this::rowsWritten)) {
            var report = fuzzer.run(classes);
            System.out.print(report.summary("order API"));
            assertThat(report.classes()).isGreaterThanOrEqualTo(30);
            assertThat(report.failures()).isEmpty();
        }
    }

    /** Orders, their outbox rows (so SNS messages) and idempotency keys. */
    private long rowsWritten() {
        return jdbc.sql("SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM outbox)"
                        + " + (SELECT count(*) FROM idempotency_keys)")
                .query(Long.class)
                .single();
    }

    private long ordersOf(String customerId) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?")
                .param(customerId)
                .query(Long.class)
                .single();
    }
}
