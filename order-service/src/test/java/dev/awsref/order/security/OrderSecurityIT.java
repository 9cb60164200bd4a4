package dev.awsref.order.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.testsupport.TestJwt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The API outside the local profile: bearer tokens from the test issuer, ownership, scopes, rate limits. */
@OrderServiceIT(
        properties = {
            "app.outbox.relay-enabled=false",
            "app.rate-limit.limit-for-period=5",
            "app.rate-limit.period=60s",
            TestJwt.ACCEPTED_CLIENTS
        },
        profiles = {})
class OrderSecurityIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static String someone(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    @Test
    void withoutATokenTheApiAnswers401AndWritesNothing() {
        var api = new Api(port);
        String customer = someone("anon");
        var response = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "1.00"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anExpiredOrForgedTokenIs401AndWritesNothing() {
        var api = new Api(port);
        String customer = someone("mallory");
        var expired = api.post(
                "/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.expired(customer)));
        var forged =
                api.post("/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.forged(customer)));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anIdTokenOfTheSamePoolAndClientIsRefusedWith401AndWritesNothing() {
        var api = new Api(port);
        String customer = someone("mallory");
        var response = api.post(
                "/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.idToken(customer)));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anAccessTokenIssuedToAnotherAppClientOfThePoolIsRefusedWith401AndWritesNothing() {
        var api = new Api(port);
        String customer = someone("mallory");
        var response = api.post(
                "/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.otherClient(customer)));
        assertThat(response.status()).isEqualTo(401);
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void aTokenThatNamesNeitherItsUseNorItsClientIsRefusedWith401() {
        var api = new Api(port);
        String customer = someone("mallory");
        var response =
                api.post("/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.bare(customer)));
        assertThat(response.status()).isEqualTo(401);
        assertThat(ordersOf(customer)).isZero();
    }

    @Test
    void anotherCustomersOrderIs404ForReadingAndChangingAndStaysAsItWas() {
        var api = new Api(port);
        String alice = someone("alice");
        String bob = someone("bob");
        var placed =
                api.post("/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.token(alice)));
        assertThat(placed.status()).isEqualTo(201);
        assertThat(placed.json().get("customerId").asString()).isEqualTo(alice);
        String orderId = placed.json().get("id").asString();

        assertThat(api.get("/api/orders/" + orderId, bearer(TestJwt.token(bob))).status())
                .isEqualTo(404);
        assertThat(api.post("/api/orders/" + orderId + "/pay", "", bearer(TestJwt.token(bob)))
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/orders?customerId=" + alice, bearer(TestJwt.token(bob)))
                        .json()
                        .get("totalItems")
                        .asLong())
                .isZero();
        assertThat(api.get("/api/orders/" + orderId, bearer(TestJwt.token(alice)))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("PLACED");
    }

    @Test
    void shippingNeedsTheShipScopeSoACustomerGets403AndTheWarehouseMayShip() {
        var api = new Api(port);
        String alice = someone("alice");
        String orderId = api.post(
                        "/api/orders", Api.order(null, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.token(alice)))
                .json()
                .get("id")
                .asString();
        assertThat(api.post("/api/orders/" + orderId + "/pay", "", bearer(TestJwt.token(alice)))
                        .status())
                .isEqualTo(200);

        String ship = "{\"carrier\":\"DHL\",\"trackingNumber\":\"T-1\"}";
        var byCustomer = api.post("/api/orders/" + orderId + "/ship", ship, bearer(TestJwt.token(alice)));
        assertThat(byCustomer.status()).isEqualTo(403);
        assertThat(byCustomer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(statusOf(orderId)).isEqualTo("PAID");

        var byWarehouse = api.post(
                "/api/orders/" + orderId + "/ship", ship, bearer(TestJwt.token(someone("warehouse"), "orders/ship")));
        assertThat(byWarehouse.status()).isEqualTo(200);
        assertThat(statusOf(orderId)).isEqualTo("SHIPPED");
    }

    @Test
    void aCustomerCannotPlaceAnOrderInSomeoneElsesName() {
        var api = new Api(port);
        String alice = someone("alice");
        String bob = someone("bob");
        var response =
                api.post("/api/orders", Api.order(bob, "EUR", "sku-1", "1", "1.00"), bearer(TestJwt.token(alice)));
        assertThat(response.status()).isEqualTo(403);
        assertThat(ordersOf(bob)).isZero();
        assertThat(ordersOf(alice)).isZero();
    }

    @Test
    void aClientOverItsRateLimitGets429WithRetryAfter() {
        var api = new Api(port);
        String token = TestJwt.token(someone("greedy"));
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/orders", bearer(token)).status()).isEqualTo(200);
        }
        var refused = api.get("/api/orders", bearer(token));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.json().get("title").asString()).isEqualTo("Too many requests");

        // Limits are per client: someone else is not affected.
        assertThat(api.get("/api/orders", bearer(TestJwt.token(someone("patient"))))
                        .status())
                .isEqualTo(200);
    }

    private long ordersOf(String customerId) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?")
                .param(customerId)
                .query(Long.class)
                .single();
    }

    private String statusOf(String orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE id = ?::uuid")
                .param(orderId)
                .query(String.class)
                .single();
    }
}
