package dev.awsref.order.ordering;

import static dev.awsref.testsupport.fuzz.FuzzText.anyJsonValue;
import static dev.awsref.testsupport.fuzz.FuzzText.quote;

import dev.awsref.testsupport.fuzz.FuzzRequest;
import dev.awsref.testsupport.fuzz.FuzzText;
import dev.awsref.testsupport.fuzz.Gen;
import dev.awsref.testsupport.fuzz.InputClass;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The input classes the order API fuzz suite draws from, each a seeded generator of requests. */
final class OrderInputs {

    private OrderInputs() {}

    static String order(String customer, String currency, String productId, String quantity, String unitPrice) {
        return "{\"customerId\":" + customer + ",\"currency\":" + currency + ",\"lines\":[{\"productId\":" + productId
                + ",\"quantity\":" + quantity + ",\"unitPrice\":" + unitPrice + "}]}";
    }

    static Gen<FuzzRequest> post(String path, Gen<String> bodies) {
        return bodies.map(body -> FuzzRequest.json("POST", path, body));
    }

    static List<InputClass> classes(UUID run) {
        String customer = "\"fuzz-" + run.toString().substring(0, 8) + "\"";
        String orders = "/api/orders";
        String someOrder = "/api/orders/" + UUID.randomUUID();
        List<InputClass> classes = new ArrayList<>();

        classes.add(new InputClass(
                "valid order (baseline)",
                false,
                post(
                        orders,
                        Gen.combine(
                                Gen.strings(Gen.Chars.ALPHA, 1, 20),
                                Gen.integers(1, 100_000),
                                Gen.decimals(BigDecimal.ZERO, new BigDecimal("9999"), 2),
                                (p, q, u) -> order(customer, "\"EUR\"", quote(p), q.toString(), u.toPlainString())))));
        for (String field : List.of("customerId", "currency", "lines", "productId", "quantity", "unitPrice")) {
            classes.add(new InputClass(
                    "wrong JSON type in " + field,
                    false,
                    post(orders, anyJsonValue().map(v -> switch (field) {
                        case "customerId" -> order(v, "\"EUR\"", "\"p\"", "1", "1.00");
                        case "currency" -> order(customer, v, "\"p\"", "1", "1.00");
                        case "lines" -> "{\"customerId\":" + customer + ",\"currency\":\"EUR\",\"lines\":" + v + "}";
                        case "productId" -> order(customer, "\"EUR\"", v, "1", "1.00");
                        case "quantity" -> order(customer, "\"EUR\"", "\"p\"", v, "1.00");
                        default -> order(customer, "\"EUR\"", "\"p\"", "1", v);
                    }))));
        }
        classes.add(new InputClass(
                "quantity at and past its edges",
                true,
                post(
                        orders,
                        Gen.of(
                                        "0",
                                        "-1",
                                        "100001",
                                        "2147483647",
                                        "2147483648",
                                        "-2147483649",
                                        "9223372036854775808",
                                        "1e20",
                                        "2.9",
                                        "0.5",
                                        "-0",
                                        "1e400",
                                        "NaN",
                                        "\"2.9\"",
                                        "1" + "0".repeat(2000))
                                .map(q -> order(customer, "\"EUR\"", "\"p\"", q, "1.00")))));
        classes.add(new InputClass(
                "unitPrice at and past its edges",
                true,
                post(
                        orders,
                        Gen.of(
                                        "-0.01",
                                        "0.001",
                                        "1e-400",
                                        "1e400",
                                        "1000000000000",
                                        "9999999999999.99",
                                        "-1e-2",
                                        "\"1,00\"",
                                        "\"\"",
                                        "Infinity",
                                        "1" + "0".repeat(2000),
                                        "0x10")
                                .map(u -> order(customer, "\"EUR\"", "\"p\"", "1", u)))));
        classes.add(new InputClass(
                "total beyond the numeric column and SNS filter range",
                true,
                post(
                        orders,
                        Gen.combine(
                                Gen.integers(2, 100_000),
                                Gen.decimals(new BigDecimal("1000000000.00"), new BigDecimal("999999999999.99"), 2),
                                (q, u) -> order(customer, "\"EUR\"", "\"p\"", q.toString(), u.toPlainString())))));
        classes.add(new InputClass(
                "total summed over many lines beyond the range",
                true,
                post(orders, Gen.integers(2, 50).map(n -> {
                    var lines = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        lines.append(i == 0 ? "" : ",")
                                .append("{\"productId\":\"p")
                                .append(i)
                                .append("\",\"quantity\":1000,\"unitPrice\":999999999.99}");
                    }
                    return "{\"customerId\":" + customer + ",\"currency\":\"EUR\",\"lines\":[" + lines + "]}";
                }))));
        classes.add(new InputClass(
                "unicode in productId",
                false,
                post(orders, FuzzText.unicode().map(p -> order(customer, "\"EUR\"", quote(p), "1", "1.00")))));
        classes.add(new InputClass(
                "control characters in productId",
                true,
                post(
                        orders,
                        FuzzText.withControlCharacter().map(p -> order(customer, "\"EUR\"", quote(p), "1", "1.00")))));
        classes.add(new InputClass(
                "control characters in customerId",
                true,
                post(
                        orders,
                        FuzzText.withControlCharacter().map(c -> order(quote(c), "\"EUR\"", "\"p\"", "1", "1.00")))));
        classes.add(new InputClass(
                "strings at and past their length limits",
                false,
                post(
                        orders,
                        Gen.of(99, 100, 101, 1000, 100_000)
                                .map(n -> order(customer, "\"EUR\"", quote("p".repeat(n)), "1", "1.00")))));
        classes.add(new InputClass(
                "customerId past 64 characters",
                true,
                post(
                        orders,
                        Gen.integers(65, 5000)
                                .map(n -> order(quote("c".repeat(n)), "\"EUR\"", "\"p\"", "1", "1.00")))));
        classes.add(new InputClass(
                "currency that is no ISO 4217 code",
                true,
                post(
                        orders,
                        Gen.oneOf(
                                        Gen.of("eur", "EU", "EURO", "", " EUR", "XYZ", "\u0045\u0055\u0052\u0000"),
                                        Gen.strings('\u0660', '\u0669', 3, 3))
                                .map(c -> order(customer, quote(c), "\"p\"", "1", "1.00")))));
        classes.add(
                new InputClass(
                        "unknown and duplicate fields",
                        true,
                        post(
                                orders,
                                Gen.of(
                                        "{\"customerId\":" + customer
                                                + ",\"currency\":\"EUR\",\"colour\":\"red\",\"lines\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":1}]}",
                                        "{\"customerId\":" + customer
                                                + ",\"currency\":\"EUR\",\"lines\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":1,\"discount\":5}]}",
                                        "{\"customerId\":" + customer
                                                + ",\"currency\":\"EUR\",\"status\":\"SHIPPED\",\"lines\":[{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":1}]}"))));
        classes.add(new InputClass(
                "no lines, null lines, too many lines",
                true,
                post(
                        orders,
                        Gen.of(0, -1, 10_001)
                                .map(n -> n == 0
                                        ? "{\"customerId\":" + customer + ",\"currency\":\"EUR\",\"lines\":[]}"
                                        : n < 0
                                                ? "{\"customerId\":" + customer
                                                        + ",\"currency\":\"EUR\",\"lines\":[null]}"
                                                : "{\"customerId\":" + customer + ",\"currency\":\"EUR\",\"lines\":["
                                                        + "{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":1},"
                                                                .repeat(n)
                                                        + "{\"productId\":\"p\",\"quantity\":1,\"unitPrice\":1}]}"))));
        classes.add(new InputClass(
                "deeply nested JSON",
                true,
                post(orders, Gen.of(100, 1000, 5000).map(n -> "[".repeat(n) + "]".repeat(n)))));
        classes.add(new InputClass(
                "truncated JSON",
                true,
                post(
                        orders,
                        Gen.integers(1, 60)
                                .map(n -> order(customer, "\"EUR\"", "\"p\"", "1", "1.00")
                                        .substring(0, n)))));
        classes.add(new InputClass(
                "not an object at the top",
                true,
                post(orders, Gen.of("[]", "\"order\"", "42", "null", "true", "", " ", "\ufeff{}"))));
        classes.add(new InputClass(
                "random bytes, invalid UTF-8",
                true,
                Gen.bytes(1, 200).map(bytes -> new FuzzRequest("POST", orders, "application/json", bytes, List.of()))));
        classes.add(new InputClass(
                "UTF-16 and Latin-1 bodies",
                false,
                Gen.of("UTF-16", "UTF-16LE", "ISO-8859-1")
                        .map(charset -> new FuzzRequest(
                                "POST",
                                orders,
                                "application/json; charset=" + charset,
                                order(customer, "\"EUR\"", "\"caf\u00e9\"", "1", "1.00")
                                        .getBytes(Charset.forName(charset)),
                                List.of()))));
        classes.add(new InputClass(
                "wrong content types",
                true,
                Gen.of(
                                "text/plain",
                                "application/xml",
                                "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=x",
                                "application/octet-stream",
                                "*/*;q=x")
                        .map(type -> new FuzzRequest(
                                "POST",
                                orders,
                                type,
                                order(customer, "\"EUR\"", "\"p\"", "1", "1.00").getBytes(StandardCharsets.UTF_8),
                                List.of()))));
        classes.add(new InputClass(
                "no content type",
                true,
                Gen.just(new FuzzRequest(
                        "POST",
                        orders,
                        null,
                        order(customer, "\"EUR\"", "\"p\"", "1", "1.00").getBytes(StandardCharsets.UTF_8),
                        List.of()))));
        classes.add(new InputClass(
                "body over the 1 MB limit",
                true,
                Gen.of(1_048_577, 1_500_000).map(n -> FuzzRequest.json("POST", orders, " ".repeat(n) + "{}"))));
        classes.add(new InputClass(
                "Idempotency-Key headers at and past the limit",
                false,
                Gen.oneOf(
                                Gen.strings(Gen.Chars.PRINTABLE, 1, 200),
                                Gen.of("k".repeat(128), "k".repeat(129), "caf\u00e9", "a b c"))
                        .filter(k -> k.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !k.isBlank())
                        .map(k -> FuzzRequest.json("POST", orders, order(customer, "\"EUR\"", "\"p\"", "1", "1.00"))
                                .withHeaders("Idempotency-Key", k))));
        classes.add(new InputClass(
                "garbage traceparent headers",
                false,
                Gen.strings(Gen.Chars.PRINTABLE, 1, 300)
                        .filter(t -> t.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !t.isBlank())
                        .map(t -> FuzzRequest.json("POST", orders, order(customer, "\"EUR\"", "\"p\"", "1", "1.00"))
                                .withHeaders("traceparent", t))));
        classes.add(new InputClass(
                "an Accept the API cannot produce",
                true,
                Gen.of("application/xml", "text/html", "image/png")
                        .map(accept -> new FuzzRequest(
                                "GET",
                                orders + "/" + UUID.randomUUID(),
                                null,
                                new byte[0],
                                List.of("Accept", accept)))));
        classes.add(new InputClass(
                "order ids that are no UUID",
                true,
                Gen.oneOf(
                                Gen.strings(Gen.Chars.ALPHANUMERIC, 1, 40),
                                Gen.of(
                                        "%00",
                                        "%20",
                                        "..%2F..%2Fetc",
                                        "%E2%82%AC",
                                        "0",
                                        "-1",
                                        "00000000-0000-0000-0000-00000000000g",
                                        "%7B%7D",
                                        "caf%C3%A9"))
                        .map(id -> new FuzzRequest("GET", orders + "/" + id, null, new byte[0], List.of()))));
        classes.add(new InputClass(
                "unknown order ids",
                true,
                Gen.of("", "/pay", "/cancel")
                        .map(suffix -> suffix.isEmpty()
                                ? new FuzzRequest("GET", someOrder, null, new byte[0], List.of())
                                : FuzzRequest.json(
                                        "POST",
                                        someOrder + suffix,
                                        suffix.equals("/pay") ? "" : "{\"reason\":\"r\"}"))));
        classes.add(new InputClass(
                "list query parameters at and past their edges",
                true,
                Gen.of(
                                "page=-1",
                                "size=0",
                                "size=101",
                                "size=2147483648",
                                "page=abc",
                                "size=1e2",
                                "customerId=" + "c".repeat(65),
                                "customerId=evil%00",
                                "customerId=%0d%0aSet-Cookie:x",
                                "size=1&size=500")
                        .map(q -> new FuzzRequest("GET", orders + "?" + q, null, new byte[0], List.of()))));
        classes.add(new InputClass(
                "list query with unicode customer ids",
                false,
                Gen.of("caf%C3%A9", "%F0%9F%98%80", "%E2%80%AE", "%EF%BB%BF")
                        .map(c -> new FuzzRequest("GET", orders + "?customerId=" + c, null, new byte[0], List.of()))));
        classes.add(new InputClass(
                "ship and cancel bodies of every shape",
                true,
                Gen.combine(
                        Gen.of("/ship", "/cancel"),
                        anyJsonValue(),
                        (action, value) -> FuzzRequest.json(
                                "POST",
                                someOrder + action,
                                action.equals("/ship")
                                        ? "{\"carrier\":" + value + ",\"trackingNumber\":" + value + "}"
                                        : "{\"reason\":" + value + "}"))));
        classes.add(new InputClass(
                "cancel reasons with control characters or past 500",
                true,
                Gen.oneOf(FuzzText.withControlCharacter(), Gen.strings(Gen.Chars.ALPHA, 501, 501))
                        .map(reason -> FuzzRequest.json(
                                "POST", someOrder + "/cancel", "{\"reason\":" + quote(reason) + "}"))));
        classes.add(new InputClass(
                "methods the API does not have",
                true,
                Gen.combine(
                        Gen.of("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD"),
                        Gen.of(orders, someOrder, someOrder + "/pay"),
                        (method, path) -> new FuzzRequest(method, path, null, new byte[0], List.of()))));
        classes.add(new InputClass(
                "paths that do not exist",
                true,
                Gen.of(
                                "/api",
                                "/api/",
                                "/api/orders/x/y/z",
                                "/api/orderz",
                                "/api/orders/" + UUID.randomUUID() + "/refund",
                                "/api/orders;jsessionid=1",
                                "/api/./orders/../orders/x")
                        .map(path -> new FuzzRequest("GET", path, null, new byte[0], List.of()))));
        return classes;
    }
}
