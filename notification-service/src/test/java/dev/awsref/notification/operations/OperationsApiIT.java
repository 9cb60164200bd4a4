package dev.awsref.notification.operations;

import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operations API on the management port: depths, DLQ samples with reasons, and redrive. */
class OperationsApiIT extends NotificationIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalManagementPort
    int managementPort;

    @Test
    void refusesRequestsWithoutTheOperationsCredentials() throws Exception {
        assertThat(get("/actuator/queues", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/queues", "ops:wrong").statusCode()).isEqualTo(401);
        assertThat(post("/actuator/deadletters/" + NOTIFICATION_ORDER_EVENTS, "{}", null)
                        .statusCode())
                .isEqualTo(401);
        // Health stays open for the platform's checks.
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void listsEachConsumedQueueWithItsDeadLetterQueue() throws Exception {
        var response = get("/actuator/queues", credentials());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode queues = JSON.readTree(response.body());
        assertThat(queues.valueStream().map(q -> q.get("queue").stringValue()))
                .containsExactlyInAnyOrderElementsOf(
                        ReferenceTopology.definition().queuesConsumedBy(ServiceName.NOTIFICATION).stream()
                                .map(QueueSpec::name)
                                .toList());
        assertThat(queues.get(0).get("deadLetterQueue").stringValue()).startsWith(topology.prefix() + "-");
        assertThat(queues.get(0).get("deadLetterDepth").has("visible")).isTrue();
        assertThat(get("/actuator/deadletters/no-such-queue", credentials()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMessageThatFailedFiveTimesIsShownWithItsReasonAndAfterTheFixRedriveProcessesItOnce() throws Exception {
        var order = OrderEvents.newOrder();
        mail.stop(); // the "bug": the SMTP server is gone
        try {
            topology.publishOrderEvent(order.placed("42.00"));

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        var sample = get("/actuator/deadletters/" + NOTIFICATION_ORDER_EVENTS, credentials());
                        return sample.statusCode() == 200 && sample.body().contains(order.orderId());
                    });
            JsonNode samples = JSON.readTree(get("/actuator/deadletters/" + NOTIFICATION_ORDER_EVENTS, credentials())
                    .body());
            JsonNode ours = samples.valueStream()
                    .filter(s -> s.get("body").stringValue().contains(order.orderId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(ours.get("failureReason").stringValue()).contains("Mail");
        } finally {
            mail.start(); // the fix
        }
        assertThat(mail.to(order.customerAddress())).isEmpty();

        var redrive = post(
                "/actuator/deadletters/" + NOTIFICATION_ORDER_EVENTS, "{\"messagesPerSecond\": 20}", credentials());

        assertThat(redrive.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(redrive.body());
        // fauxqs has no StartMessageMoveTask: the service falls back to receive-send-delete.
        if (report.get("mode").stringValue().equals("receive-send-delete")) {
            assertThat(report.get("moved").intValue()).isGreaterThanOrEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mail.to(order.customerAddress()).size() == 1);
        assertThat(mail.to(order.customerAddress())).hasSize(1);
    }

    private HttpResponse<String> get(String path, String userAndPassword) throws IOException, InterruptedException {
        return http.send(request(path, userAndPassword).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, String userAndPassword)
            throws IOException, InterruptedException {
        return http.send(
                request(path, userAndPassword)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String userAndPassword) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path));
        if (userAndPassword != null) {
            builder.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    private static String credentials() {
        return OPS_USER + ":" + OPS_PASSWORD;
    }
}
