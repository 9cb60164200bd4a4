package dev.awsref.analytics;

import static dev.awsref.testsupport.fuzz.FuzzText.anyJsonValue;
import static dev.awsref.testsupport.fuzz.FuzzText.quote;

import dev.awsref.testsupport.TestJwt;
import dev.awsref.testsupport.fuzz.FuzzRequest;
import dev.awsref.testsupport.fuzz.FuzzText;
import dev.awsref.testsupport.fuzz.Gen;
import dev.awsref.testsupport.fuzz.InputClass;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The input classes the analytics API fuzz suite draws from. */
final class AnalyticsInputs {

    private AnalyticsInputs() {}

    private static final String ACTIVITY = "/api/activity";

    private static final java.util.concurrent.atomic.AtomicInteger OPERATORS =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A trusted client that may ingest and read anyone's activity; a new subject each time, so the
     * per-caller rate limit (kept small in the test that runs this) does not hide what is checked.
     */
    private static String operator() {
        return "Bearer "
                + TestJwt.token(
                        "fuzz-operator-" + OPERATORS.incrementAndGet(), "analytics/ingest", "analytics/operations");
    }

    private static String event(String userId, String type, String itemId, String timestamp, String properties) {
        return "{\"userId\":" + userId + ",\"type\":" + type + ",\"itemId\":" + itemId + ",\"timestamp\":" + timestamp
                + ",\"properties\":" + properties + "}";
    }

    private static String valid(String user) {
        return event(quote(user), "\"PAGE_VIEW\"", "\"item\"", "null", "{}");
    }

    private static Gen<FuzzRequest> ingest(Gen<String> bodies) {
        return bodies.map(body -> FuzzRequest.json("POST", ACTIVITY, body).withHeaders("Authorization", operator()));
    }

    private static Gen<FuzzRequest> read(Gen<String> paths) {
        return paths.map(path -> FuzzRequest.get(path).withHeaders("Authorization", operator()));
    }

    static List<InputClass> classes() {
        List<InputClass> classes = new ArrayList<>();
        Gen<String> user = Gen.strings(Gen.Chars.ALPHANUMERIC, 1, 20).map(u -> "fuzz-" + u);

        classes.add(InputClass.either("valid event (baseline)", ingest(user.map(AnalyticsInputs::valid))));
        classes.add(InputClass.either(
                "valid batch of 1 to 60", ingest(Gen.combine(user, Gen.integers(1, 60), (u, n) -> {
                    var batch = new ArrayList<String>();
                    for (int i = 0; i < n; i++) {
                        batch.add(valid(u));
                    }
                    return "[" + String.join(",", batch) + "]";
                }))));
        for (String field : List.of("userId", "type", "itemId", "timestamp", "properties")) {
            classes.add(InputClass.either(
                    "wrong JSON type in " + field, ingest(anyJsonValue().map(v -> switch (field) {
                        case "userId" -> event(v, "\"PAGE_VIEW\"", "\"i\"", "null", "{}");
                        case "type" -> event("\"u\"", v, "\"i\"", "null", "{}");
                        case "itemId" -> event("\"u\"", "\"CART_ADD\"", v, "null", "{}");
                        case "timestamp" -> event("\"u\"", "\"PAGE_VIEW\"", "\"i\"", v, "{}");
                        default -> event("\"u\"", "\"PAGE_VIEW\"", "\"i\"", "null", v);
                    }))));
        }
        classes.add(InputClass.refused(
                "activity types that do not exist",
                ingest(Gen.of("page_view", "PAGEVIEW", "", " PAGE_VIEW", "DELETE_USER", "\u0000")
                        .map(t -> event("\"u\"", quote(t), "\"i\"", "null", "{}")))));
        classes.add(InputClass.refused(
                "timestamps that are no instant or in the future",
                ingest(Gen.of(
                                "2026-02-30T10:00:00Z",
                                "yesterday",
                                "2026-01-01",
                                "+10000-01-01T00:00:00Z",
                                "2999-01-01T00:00:00Z",
                                "2026-01-01T25:00:00Z",
                                "1e10")
                        .map(t -> event("\"u\"", "\"PAGE_VIEW\"", "\"i\"", quote(t), "{}")))));
        classes.add(InputClass.either(
                "timestamps at the edges of the past",
                ingest(Gen.of("1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z")
                        .map(t -> event("\"u\"", "\"PAGE_VIEW\"", "\"i\"", quote(t), "{}")))));
        classes.add(InputClass.either(
                "user ids at and past 256 characters",
                ingest(Gen.of(255, 256, 257, 10_000).map(n -> valid("u".repeat(n))))));
        classes.add(
                InputClass.either("unicode user ids", ingest(FuzzText.unicode().map(AnalyticsInputs::valid))));
        classes.add(InputClass.either(
                "control characters in user ids",
                ingest(FuzzText.withControlCharacter().map(AnalyticsInputs::valid))));
        classes.add(InputClass.either(
                "properties of every shape",
                ingest(Gen.oneOf(
                                Gen.of("{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\":null}", "{\"\":\"\"}", "[]"),
                                Gen.integers(1, 2000).map(n -> {
                                    var props = new StringBuilder("{");
                                    for (int i = 0; i < n; i++) {
                                        props.append(i == 0 ? "" : ",")
                                                .append("\"k")
                                                .append(i)
                                                .append("\":\"v\"");
                                    }
                                    return props.append('}').toString();
                                }))
                        .map(p -> event("\"u\"", "\"SEARCH\"", "null", "null", p)))));
        classes.add(InputClass.refused(
                "batches of 0 and over 500", ingest(Gen.of(0, 501, 2000).map(n -> {
                    var batch = new ArrayList<String>();
                    for (int i = 0; i < n; i++) {
                        batch.add("{\"userId\":\"u\",\"type\":\"SEARCH\"}");
                    }
                    return "[" + String.join(",", batch) + "]";
                }))));
        classes.add(InputClass.refused(
                "not JSON, truncated JSON, not an object",
                ingest(Gen.oneOf(
                        Gen.of("", " ", "null", "42", "\"event\"", "true", "[1,2]", "[[]]", "{", "[{\"userId\":"),
                        Gen.strings(Gen.Chars.ANY, 1, 50)))));
        classes.add(InputClass.refused(
                "random bytes",
                Gen.bytes(1, 300)
                        .map(bytes -> new FuzzRequest("POST", ACTIVITY, "application/json", bytes, List.of())
                                .withHeaders("Authorization", operator()))));
        classes.add(InputClass.refused(
                "a body over the limit",
                Gen.of(1_048_577, 1_200_000)
                        .map(n -> FuzzRequest.json("POST", ACTIVITY, "[" + " ".repeat(n) + "]")
                                .withHeaders("Authorization", operator()))));
        classes.add(InputClass.either(
                "other content types",
                Gen.of(
                                "text/plain",
                                "application/xml",
                                "application/x-www-form-urlencoded",
                                "application/json; charset=UTF-16")
                        .map(type -> new FuzzRequest(
                                        "POST", ACTIVITY, type, valid("u").getBytes(StandardCharsets.UTF_8), List.of())
                                .withHeaders("Authorization", operator()))));
        classes.add(InputClass.refused(
                "no token, an ID token, another client's token, no ingest scope, garbage",
                Gen.of(
                                "",
                                "Bearer " + TestJwt.idToken("fuzz"),
                                "Bearer " + TestJwt.otherClient("fuzz", "analytics/ingest"),
                                "Bearer " + TestJwt.token("fuzz"),
                                "Bearer " + TestJwt.expired("fuzz"),
                                "Bearer not.a.jwt",
                                "Basic b3BzOm9wcy10ZXN0")
                        .map(auth -> {
                            var request = FuzzRequest.json("POST", ACTIVITY, valid("u"));
                            return auth.isEmpty() ? request : request.withHeaders("Authorization", auth);
                        })));
        classes.add(InputClass.refused(
                "another user's activity with a user's token",
                Gen.of("/activity", "/days", "/days/2026-01-01")
                        .map(suffix -> FuzzRequest.get("/api/users/bob" + suffix)
                                .withHeaders("Authorization", "Bearer " + TestJwt.token("alice")))));
        classes.add(InputClass.either(
                "user ids in the path",
                read(Gen.oneOf(
                                Gen.strings(Gen.Chars.ALPHANUMERIC, 1, 300),
                                Gen.of("%C3%A9", "%E2%80%AE", "%F0%9F%98%80", "a%20b", "%2e%2e", "%00", "%0a", "%7F"))
                        .map(u -> "/api/users/" + u + "/activity"))));
        classes.add(InputClass.refused(
                "days that are no day",
                read(Gen.oneOf(
                                Gen.strings(Gen.Chars.ALPHANUMERIC, 1, 40),
                                Gen.of("2026-1-1", "20260101", "2026-01-01T00:00:00Z", "%00", "2026-01-01%0a"))
                        .map(day -> "/api/days/" + day + "/users"))));
        classes.add(InputClass.refused(
                "windows that are no duration or out of range",
                read(Gen.of("abc", "-PT1S", "PT0S", "P999D", "PT99999999999999H", "1h", "")
                        .map(w -> "/api/activity/active-users?window=" + w)
                        .filter(path -> !path.endsWith("=")))));
        classes.add(InputClass.either(
                "leaderboard parameters at their edges",
                read(Gen.of(
                        "/api/items/top?limit=-1",
                        "/api/items/top?limit=0",
                        "/api/items/top?limit=2147483647",
                        "/api/items/top?limit=abc",
                        "/api/items/top?limit=99999999999",
                        "/api/items/top?type=" + "x".repeat(40),
                        "/api/items/top?type=%00",
                        "/api/items/top-purchased?limit=1e3",
                        "/api/users/u/days?limit=-5"))));
        classes.add(InputClass.refused(
                "methods and paths the API does not have",
                Gen.combine(
                        Gen.of("PUT", "DELETE", "PATCH"),
                        Gen.of(ACTIVITY, "/api/users/u/activity", "/api/nothing", "/api/days"),
                        (method, path) -> new FuzzRequest(method, path, null, new byte[0], List.of())
                                .withHeaders("Authorization", operator()))));
        return classes;
    }
}
