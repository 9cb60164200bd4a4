package dev.awsref.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo against stand-ins for order-service, analytics-service and the SMTP sink's API, which
 * answer the way the real ones do: it drives the order and the activity through their APIs and
 * prints what the other services did with them.
 */
class ServicesDemoTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI base;
    private volatile int orderServiceStatus = 201;

    @BeforeEach
    void startTheStandIns() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/orders", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/pay")) {
                answer(exchange, 200, "{\"id\":\"o-1\",\"status\":\"PAID\"}");
            } else {
                answer(
                        exchange,
                        orderServiceStatus,
                        orderServiceStatus == 201
                                ? "{\"id\":\"o-1\",\"status\":\"PLACED\"}"
                                : "{\"error\":\"unavailable\"}");
            }
        });
        server.createContext("/api/email", exchange -> answer(exchange, 200, """
                [{"subject":"Your order o-1 is confirmed","text":"",
                  "envelope":{"to":[{"address":"customer@customers.example.com"}]}},
                 {"subject":"High-value order o-1: 1249.90 EUR","text":"",
                  "envelope":{"to":[{"address":"operations@example.com"}]}},
                 {"subject":"Your order o-0 is confirmed","text":"",
                  "envelope":{"to":[{"address":"someone@customers.example.com"}]}}]"""));
        server.createContext("/api/activity", exchange -> answer(exchange, 202, "{\"accepted\":4}"));
        server.createContext(
                "/api/users/",
                exchange -> answer(exchange, 200, "{\"counters\":{\"PAGE_VIEW\":\"2\",\"total\":\"4\"}}"));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopTheStandIns() {
        server.stop(0);
    }

    @Test
    void placesAndPaysAnOrderThenShowsTheEmailsSentAboutItAndNoOthers() throws Exception {
        demo().placeAnOrder(base, Optional.of(base.resolve("/api/email")));

        assertThat(requests).startsWith("POST /api/orders", "POST /api/orders/o-1/pay");
        assertThat(requests).contains("GET /api/email");
        assertThat(output())
                .contains("order o-1 is PLACED", "paid: PAID")
                .contains("maildev's API: " + base + "/api/email")
                .contains("customer@customers.example.com", "Your order o-1 is confirmed")
                .contains("operations@example.com", "High-value order o-1")
                .doesNotContain("o-0");
    }

    @Test
    void readsTheEmailsFromMailpitWhenMailpitAnswersAsUnderDockerCompose() throws Exception {
        server.createContext("/api/v1/info", exchange -> answer(exchange, 200, "{\"Version\":\"v1.27.0\"}"));
        server.createContext("/api/v1/messages", exchange -> answer(exchange, 200, """
                {"total":3,"unread":3,"messages_count":3,"start":0,"tags":[],"messages":[
                  {"To":[{"Name":"","Address":"customer@customers.example.com"}],
                   "Subject":"Your order o-1 is confirmed","Snippet":"Thank you for your order"},
                  {"To":[{"Name":"","Address":"operations@example.com"}],
                   "Subject":"High-value order o-1: 1249.90 EUR","Snippet":"Order o-1"},
                  {"To":[{"Name":"","Address":"someone@customers.example.com"}],
                   "Subject":"Your order o-0 is confirmed","Snippet":""}]}"""));

        demo().placeAnOrder(base, Optional.of(base.resolve("/")));

        assertThat(requests)
                .contains("GET /api/v1/info", "GET /api/v1/messages")
                .doesNotContain("GET /api/email");
        assertThat(output())
                .contains("mailpit's API: " + base + "/api/v1/messages")
                .contains("customer@customers.example.com", "Your order o-1 is confirmed")
                .contains("operations@example.com", "High-value order o-1")
                .doesNotContain("o-0");
    }

    @Test
    void recordsActivityThenShowsTheAggregatesOnceTheyCountEveryEvent() throws Exception {
        demo().recordActivity(base);

        assertThat(requests).hasSize(2).first().isEqualTo("POST /api/activity");
        assertThat(requests.get(1)).matches("GET /api/users/alice-[0-9a-f]{6}/activity");
        assertThat(output()).contains("4 accepted", "\"total\":\"4\"");
    }

    @Test
    void aServiceThatAnswersWithAnErrorStopsTheDemoWithTheRequestAndTheAnswer() {
        orderServiceStatus = 503;

        assertThatThrownBy(() -> demo().placeAnOrder(base, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("POST " + base + "/api/orders answered 503: {\"error\":\"unavailable\"}");
    }

    private ServicesDemo demo() {
        return new ServicesDemo(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
        requests.add(
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
