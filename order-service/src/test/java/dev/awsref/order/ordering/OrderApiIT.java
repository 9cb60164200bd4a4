package dev.awsref.order.ordering;

import static dev.awsref.testsupport.QueueProbe.aboutSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.QueueProbe;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The API in the local profile (no token) against real PostgreSQL, Redis and the SNS/SQS emulator. */
@OrderServiceIT(properties = {"app.outbox.poll-interval=100ms"})
class OrderApiIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

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
    void anOrderPlacedOverHttpProducesExactlyOneOrderPlacedOnTheAnalyticsQueueWithItsAttributes() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var created =
                api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "2", "12.50"), "traceparent", traceparent);
        assertThat(created.status()).isEqualTo(201);
        String orderId = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/orders/" + orderId);

        QueueProbe analytics = Infrastructure.queue(prefix, ReferenceTopology.ANALYTICS_ORDER_EVENTS);
        await().atMost(PATIENCE)
                .until(() -> !analytics.matching(aboutSubject(orderId)).isEmpty());
        // Exactly one: nothing more arrives for this order while we keep looking.
        await().during(Duration.ofSeconds(3))
                .atMost(PATIENCE)
                .until(() -> analytics.matching(aboutSubject(orderId)).size() == 1);

        var message = analytics.matching(aboutSubject(orderId)).getFirst();
        assertThat(message.attribute("eventType")).isEqualTo("OrderPlaced");
        assertThat(message.attribute("schemaVersion")).isEqualTo("1");
        assertThat(message.attributes().get("schemaVersion").dataType()).isEqualTo("Number");
        // The same trace, continued: the event's parent is the server span of the POST.
        assertThat(message.attribute("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
        var event = new EventCodec().fromJson(message.body(), OrderPlaced.class);
        assertThat(event.data().orderId()).isEqualTo(orderId);
        assertThat(event.data().total()).isEqualByComparingTo(new BigDecimal("25.00"));
        assertThat(event.source()).isEqualTo("order-service");

        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND sent_at IS NULL")
                                .param(orderId)
                                .query(Long.class)
                                .single()
                        == 0);
    }

    @Test
    void theFifoQueueReceivesOneOrdersEventsInTheOrderTheyHappened() {
        String orderId = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "5.00"))
                .json()
                .get("id")
                .asString();
        assertThat(api.post("/api/orders/" + orderId + "/pay", "").status()).isEqualTo(200);
        assertThat(api.post("/api/orders/" + orderId + "/ship", "{\"carrier\":\"DHL\",\"trackingNumber\":\"TRACK-1\"}")
                        .status())
                .isEqualTo(200);

        QueueProbe lifecycle = Infrastructure.queue(prefix, ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE);
        await().atMost(PATIENCE)
                .until(() -> lifecycle.matching(aboutSubject(orderId)).size() >= 3);
        assertThat(lifecycle.matching(aboutSubject(orderId)))
                .extracting(m -> m.attribute("eventType"))
                .containsExactly("OrderPlaced", "OrderPaid", "OrderShipped");
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheFirstOrderAndAnotherBodyIsA422() {
        String body = Api.order(customer, "EUR", "sku-1", "1", "9.99");
        var first = api.post("/api/orders", body, "Idempotency-Key", "key-1");
        var again = api.post("/api/orders", body, "Idempotency-Key", "key-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());

        var other =
                api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "2", "9.99"), "Idempotency-Key", "key-1");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ordersOf(customer)).isEqualTo(1);
        assertThat(outboxRowsOf(first.json().get("id").asString())).isEqualTo(2);
    }

    @Test
    void malformedJsonIsA400ProblemAndLeavesNoRow() {
        var response = api.post("/api/orders", "{\"customerId\":\"" + customer + "\",\"currency\":");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("title").asString()).isEqualTo("Malformed request body");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aNegativeQuantityAndAnUnknownCurrencyAreA400NamingEachField() {
        var response = api.post("/api/orders", Api.order(customer, "XYZ", "sku-1", "-1", "10.00"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(Api.texts(response.json().get("errors"), "field"))
                .containsExactlyInAnyOrder("currency", "lines[0].quantity");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aTenMegabyteBodyIsRefusedWith413BeforeItIsRead() throws Exception {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) ' ');
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                                .header("Content-Type", "application/json")
                                .expectContinue(true)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(tenMegabytes))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("Request body too large");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413WhileItIsRead() throws Exception {
        byte[] twoMegabytes = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(twoMegabytes, (byte) ' ');
        // ofInputStream has no known length, so the client sends it chunked, without Content-Length.
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new java.io.ByteArrayInputStream(twoMegabytes)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("Request body too large");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anOrderWhoseEventWouldExceedTheSnsLimitIsRefusedWith413AndLeavesNoRow() {
        String[] lines = new String[3 * 3000];
        for (int i = 0; i < 3000; i++) {
            lines[3 * i] = "product-with-a-long-catalogue-identifier-" + "x".repeat(50) + "-" + i;
            lines[3 * i + 1] = "1";
            lines[3 * i + 2] = "1.00";
        }
        var response = api.post("/api/orders", Api.order(customer, "EUR", lines));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asString()).contains("262144 bytes");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        var response = api.get("/api/orders/" + UUID.randomUUID());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("title").asString()).isEqualTo("Order not found");
    }

    @Test
    void anIllegalTransitionIsA409AndChangesNothing() {
        String orderId = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "5.00"))
                .json()
                .get("id")
                .asString();
        var response = api.post("/api/orders/" + orderId + "/ship", "{\"carrier\":\"DHL\",\"trackingNumber\":\"T-2\"}");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("currentStatus").asString()).isEqualTo("PLACED");
        assertThat(api.get("/api/orders/" + orderId).json().get("status").asString())
                .isEqualTo("PLACED");
        assertThat(outboxRowsOf(orderId)).isEqualTo(2);
    }

    @Test
    void aCustomersOrdersAreListedNewestFirstInPages() {
        for (int i = 0; i < 3; i++) {
            api.post("/api/orders", Api.order(customer, "EUR", "sku-" + i, "1", "1.00"));
        }
        var page =
                api.get("/api/orders?customerId=" + customer + "&size=2&page=0").json();
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("totalItems").asLong()).isEqualTo(3);
        assertThat(page.get("items").get(0).get("lines").get(0).get("productId").asString())
                .isEqualTo("sku-2");
    }

    @Test
    void theOpenApiDocumentDescribesTheOrderApi() {
        var response = api.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("/api/orders/{id}/ship").contains("Idempotency-Key");
    }

    private long ordersOf(String customerId) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?")
                .param(customerId)
                .query(Long.class)
                .single();
    }

    private long outboxRowsOf(String orderId) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE aggregate_id = ?")
                .param(orderId)
                .query(Long.class)
                .single();
    }
}
