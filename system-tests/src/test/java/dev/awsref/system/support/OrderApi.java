package dev.awsref.system.support;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * order-service's API as a client calls it under the run command's {@code local} profile, which
 * lets anyone in (the customer id goes in the body), as the demo does.
 */
public final class OrderApi {

    private final URI base;

    private final Map<String, String> headers;

    OrderApi(URI base) {
        this(base, Map.of());
    }

    private OrderApi(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** The same API, each request continuing the trace of this W3C {@code traceparent}. */
    public OrderApi tracedBy(String traceparent) {
        return new OrderApi(base, Map.of("traceparent", traceparent));
    }

    /** POST /api/orders: one line of {@code quantity} x {@code unitPrice} EUR. */
    public Http.Response place(String customerId, String productId, int quantity, BigDecimal unitPrice) {
        return post("/api/orders", body(customerId, productId, quantity, unitPrice));
    }

    private static String body(String customerId, String productId, int quantity, BigDecimal unitPrice) {
        return """
                {"customerId":"%s","currency":"EUR",
                 "lines":[{"productId":"%s","quantity":%d,"unitPrice":%s}]}""".formatted(customerId, productId, quantity, unitPrice.toPlainString());
    }

    /** The same, with an {@code Idempotency-Key}: a retry with the same key and body places it once. */
    public Http.Response place(
            String customerId, String productId, int quantity, BigDecimal unitPrice, String idempotencyKey) {
        return Http.send(
                "POST",
                base.resolve("/api/orders"),
                body(customerId, productId, quantity, unitPrice),
                Optional.empty(),
                with(headers, "Idempotency-Key", idempotencyKey));
    }

    /** GET /api/orders?customerId=: a customer's orders, read from PostgreSQL (the list is not cached). */
    public Http.Response listOf(String customerId) {
        return Http.send("GET", base.resolve("/api/orders?customerId=" + customerId), null, Optional.empty());
    }

    public Http.Response get(String orderId) {
        return Http.send("GET", base.resolve("/api/orders/" + orderId), null, Optional.empty());
    }

    public Http.Response pay(String orderId) {
        return post("/api/orders/" + orderId + "/pay", "");
    }

    public Http.Response ship(String orderId, String carrier, String trackingNumber) {
        return post("/api/orders/" + orderId + "/ship", """
                {"carrier":"%s","trackingNumber":"%s"}""".formatted(carrier, trackingNumber));
    }

    public Http.Response cancel(String orderId, String reason) {
        return post("/api/orders/" + orderId + "/cancel", """
                {"reason":"%s"}""".formatted(reason));
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return Map.copyOf(all);
    }

    private Http.Response post(String path, String body) {
        return Http.send("POST", base.resolve(path), body, Optional.empty(), headers);
    }
}
