package dev.awsref.system.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stage of the system benchmark as Gatling runs it: an open model, {@link Load#rate} new
 * clients a second for {@link Load#seconds}, each sending one request, whether or not the system
 * keeps up (so a slow system shows as latency and a backlog, not as a lower offered rate).
 *
 * <p>{@code orders}: POST /api/orders; each accepted order's id and the wall-clock millisecond its
 * request was sent go into {@link #SENT}, for the benchmark to match with the confirmation email.
 * {@code activity}: POST /api/activity with {@link Load#batch} events of fresh users each, under a
 * bearer token. {@link SystemBenchmark} runs it in its JVM through Gatling's launcher and hands it
 * the load through system properties, Gatling's own way to parametrise a simulation.
 */
public class SystemLoadSimulation extends Simulation {

    private static final String PREFIX = "system-bench.load.";

    /** An accepted order: the epoch millisecond its POST was sent and the trace it started. */
    record Sent(long at, String traceId) {}

    /** Order id -> when its POST was sent, for the stage that runs now. */
    static final Map<String, Sent> SENT = new ConcurrentHashMap<>();

    record Load(String kind, String baseUrl, int rate, int seconds, String token, int batch) {

        void publish() {
            System.setProperty(PREFIX + "kind", kind);
            System.setProperty(PREFIX + "base-url", baseUrl);
            System.setProperty(PREFIX + "rate", Integer.toString(rate));
            System.setProperty(PREFIX + "seconds", Integer.toString(seconds));
            System.setProperty(PREFIX + "token", token);
            System.setProperty(PREFIX + "batch", Integer.toString(batch));
        }

        static Load published() {
            return new Load(
                    System.getProperty(PREFIX + "kind"),
                    System.getProperty(PREFIX + "base-url"),
                    Integer.getInteger(PREFIX + "rate"),
                    Integer.getInteger(PREFIX + "seconds"),
                    System.getProperty(PREFIX + "token"),
                    Integer.getInteger(PREFIX + "batch"));
        }

        String name() {
            return kind + " at " + rate + "/s";
        }
    }

    public SystemLoadSimulation() {
        Load load = Load.published();
        // One connection pool, as one client application (a front end) has.
        var protocol = http.baseUrl(load.baseUrl()).disableCaching().shareConnections();
        ChainBuilder request = "orders".equals(load.kind()) ? order() : activity(load);
        setUp(scenario(load.name())
                        .exec(request)
                        .injectOpen(constantUsersPerSec(load.rate()).during(Duration.ofSeconds(load.seconds()))))
                .protocols(protocol);
    }

    private static ChainBuilder order() {
        // Below the high-value threshold: one confirmation email per order, and no alert.
        // Each order starts its own trace (a sampled W3C traceparent), so its spans can be found.
        return exec(session -> session.set(
                                "customer",
                                "bench-" + UUID.randomUUID().toString().substring(0, 12))
                        .set("traceId", hex(16))
                        .set("parentId", hex(8))
                        .set("sentAt", System.currentTimeMillis()))
                .exec(http("POST /api/orders")
                        .post("/api/orders")
                        .header("Content-Type", "application/json")
                        .header("traceparent", "00-#{traceId}-#{parentId}-01")
                        .body(StringBody("""
                                {"customerId":"#{customer}","currency":"EUR",
                                 "lines":[{"productId":"bench-item","quantity":1,"unitPrice":9.90}]}"""))
                        .check(status().is(201), jsonPath("$.id").saveAs("id")))
                .exec(session -> {
                    if (session.contains("id")) {
                        SENT.put(
                                session.getString("id"),
                                new Sent(session.getLong("sentAt"), session.getString("traceId")));
                    }
                    return session;
                });
    }

    private static String hex(int bytes) {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        var text = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            text.append(String.format("%02x", random.nextInt(256)));
        }
        return text.toString();
    }

    private static ChainBuilder activity(Load load) {
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < load.batch(); i++) {
            events.append(i == 0 ? "" : ",")
                    .append("{\"userId\":\"#{user}-")
                    .append(i % 4)
                    .append("\",\"type\":\"PAGE_VIEW\",\"itemId\":\"bench-item-")
                    .append(i)
                    .append("\"}");
        }
        String body = events.append(']').toString();
        return exec(session -> session.set(
                        "user", "bench-" + UUID.randomUUID().toString().substring(0, 12)))
                .exec(http("POST /api/activity")
                        .post("/api/activity")
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + load.token())
                        .body(StringBody(body))
                        .check(status().is(202)));
    }
}
