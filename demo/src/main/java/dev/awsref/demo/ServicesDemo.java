package dev.awsref.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo through the running services, as a client would use them: places and pays an order
 * over order-service's API, then waits for what the other services did with its events (the
 * emails notification-service sent, caught by the local SMTP sink), and posts user activity to
 * analytics-service and reads back the aggregates its Kinesis consumer built.
 */
final class ServicesDemo {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration EMAIL_WAIT = Duration.ofSeconds(45);
    /** KCL takes its leases before the first record arrives; on the emulators that is seconds to a minute. */
    private static final Duration AGGREGATE_WAIT = Duration.ofSeconds(120);

    // HTTP/1.1: the JDK client otherwise offers an h2c upgrade, which maildev's server answers with nothing.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final PrintStream out;

    ServicesDemo(PrintStream out) {
        this.out = out;
    }

    void placeAnOrder(URI orderService, Optional<URI> mailApi) throws IOException, InterruptedException {
        String customer = "customer-" + UUID.randomUUID().toString().substring(0, 6);
        out.println("1. " + customer + " places an order of 1,249.90 EUR (POST " + orderService + "/api/orders):");
        JsonNode order = send("POST", orderService.resolve("/api/orders"), """
                {"customerId":"%s","currency":"EUR",
                 "lines":[{"productId":"espresso-machine","quantity":1,"unitPrice":1249.90}]}""".formatted(customer), 201);
        String orderId = order.get("id").asString();
        out.printf("   order %s is %s%n", orderId, order.get("status").asString());
        JsonNode paid = send("POST", orderService.resolve("/api/orders/" + orderId + "/pay"), "", 200);
        out.printf(
                "   paid: %s. Both events went to the outbox with the order, and the relay published them%n",
                paid.get("status").asString());
        out.println("   to SNS order-events and order-lifecycle.fifo.");

        if (mailApi.isEmpty()) {
            return;
        }
        MailSink sink = MailSink.detect(http, mailApi.get());
        out.println("2. notification-service mails about it ("
                + sink.kind().name().toLowerCase(Locale.ROOT) + "'s API: " + sink.list() + "):");
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + EMAIL_WAIT.toNanos();
        // The confirmation (filter on eventType) and the operations alert (body filter: total >= 1000).
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            for (MailSink.Email email : sink.emails()) {
                String line = "   to %-40s %s".formatted(email.recipient(), email.subject());
                if ((email.text() + email.subject()).contains(orderId) && !seen.contains(line)) {
                    seen.add(line);
                    out.println(line);
                }
            }
            Thread.sleep(500);
        }
        if (seen.isEmpty()) {
            out.println(
                    "   no email yet after " + EMAIL_WAIT.toSeconds()
                            + " s; see notification-service's log (tools/.run/notification-service.log, or docker compose logs)");
        }
    }

    void recordActivity(URI analyticsService) throws IOException, InterruptedException {
        String user = "alice-" + UUID.randomUUID().toString().substring(0, 6);
        out.println("3. " + user + " browses (POST " + analyticsService + "/api/activity, a batch of 4 events):");
        JsonNode accepted = send("POST", analyticsService.resolve("/api/activity"), """
                [{"userId":"%1$s","type":"SEARCH","properties":{"query":"espresso"}},
                 {"userId":"%1$s","type":"PAGE_VIEW","itemId":"espresso-machine"},
                 {"userId":"%1$s","type":"PAGE_VIEW","itemId":"milk-frother"},
                 {"userId":"%1$s","type":"CART_ADD","itemId":"espresso-machine"}]""".formatted(user), 202);
        out.printf(
                "   %s accepted; written to Kinesis with partition key %s, so they stay in order on one shard%n",
                accepted.path("accepted").asInt(), user);
        out.println(
                "4. the KCL consumer aggregates them into Redis and DynamoDB (GET /api/users/" + user + "/activity):");
        URI aggregates = analyticsService.resolve("/api/users/" + user + "/activity");
        long deadline = System.nanoTime() + AGGREGATE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(aggregates).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && countsAll(response.body(), 4)) {
                out.println("   " + response.body());
                return;
            }
            Thread.sleep(1000);
        }
        out.println(
                "   not aggregated yet after " + AGGREGATE_WAIT.toSeconds()
                        + " s (KCL may still be taking its leases); try the GET again, or see tools/.run/analytics-service.log");
    }

    /** analytics-service answers {@code {"userId":..,"counters":{"total":"4","PAGE_VIEW":"2",..},..}}. */
    private static boolean countsAll(String body, int expected) {
        return JSON.readTree(body).path("counters").path("total").asInt(0) >= expected;
    }

    private JsonNode send(String method, URI uri, String body, int expectedStatus)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(
                    method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
