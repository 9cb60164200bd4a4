package dev.awsref.notification.snshttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.TestSnsSigner;
import dev.awsref.platform.events.EventCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test plays SNS: it signs deliveries with a key pair and certificate made for this run, which
 * only the test configuration trusts (pinned to an SNS-shaped certificate URL).
 */
class SnsHttpSubscriptionIT extends NotificationIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:order-events";

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestSnsSigner sns = TestSnsSigner.get();

    @LocalServerPort
    int port;

    @Test
    void aSignedNotificationIsHandledLikeAQueuedEvent() throws Exception {
        for (int version : new int[] {1, 2}) {
            var order = OrderEvents.newOrder();

            var response = post(sns.sign(notification(order), version, TestSnsSigner.CERTIFICATE_URL));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("SENT");
            assertThat(mail.to(order.customerAddress())).hasSize(1);
        }
    }

    @Test
    void aForgedNotificationGets403AndSendsNothing() throws Exception {
        var order = OrderEvents.newOrder();
        var signed = sns.sign(notification(order), 2, TestSnsSigner.CERTIFICATE_URL);
        var forged = new HashMap<>(signed);
        forged.put("Message", signed.get("Message").replace("\"total\":10.00", "\"total\":9999.00"));
        assertThat(forged.get("Message")).isNotEqualTo(signed.get("Message"));

        assertThat(post(forged).statusCode()).isEqualTo(403);
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void anUnsignedNotificationGets403AndSendsNothing() throws Exception {
        var order = OrderEvents.newOrder();
        var unsigned = new HashMap<>(notification(order));
        unsigned.put("SignatureVersion", "2");
        unsigned.put("SigningCertURL", TestSnsSigner.CERTIFICATE_URL);

        assertThat(post(unsigned).statusCode()).isEqualTo(403);
        assertThat(post(notification(order)).statusCode()).isEqualTo(403);
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void aCertificateFromAHostThatIsNotSnsIsNotTrusted() throws Exception {
        var order = OrderEvents.newOrder();

        for (String url : new String[] {
            "https://sns.us-east-1.amazonaws.com.evil.example/cert.pem",
            "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem",
            "https://evil.example/sns.us-east-1.amazonaws.com/cert.pem"
        }) {
            assertThat(post(sns.sign(notification(order), 2, url)).statusCode())
                    .as(url)
                    .isEqualTo(403);
        }
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void aCertificateThatDoesNotNameSnsIsNotTrustedEvenFromAnSnsUrl() throws Exception {
        var order = OrderEvents.newOrder();
        var signed = TestSnsSigner.wrongName().sign(notification(order), 2, TestSnsSigner.WRONG_NAME_CERTIFICATE_URL);

        var response = post(signed);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("is not SNS's");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void aSubscriptionConfirmationIsConfirmedByVisitingItsSubscribeUrl() throws Exception {
        var visits = new CopyOnWriteArrayList<String>();
        HttpServer snsApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        snsApi.createContext("/", exchange -> {
            visits.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        snsApi.start();
        try {
            String token = UUID.randomUUID().toString();
            String subscribeUrl = "http://127.0.0.1:" + snsApi.getAddress().getPort()
                    + "/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=" + token;
            var confirmation = Map.of(
                    "Type",
                    "SubscriptionConfirmation",
                    "MessageId",
                    UUID.randomUUID().toString(),
                    "Token",
                    token,
                    "TopicArn",
                    TOPIC,
                    "Message",
                    "You have chosen to subscribe to the topic " + TOPIC,
                    "SubscribeURL",
                    subscribeUrl,
                    "Timestamp",
                    "2026-11-23T12:00:00.000Z");

            var response = post(sns.sign(confirmation, 1, TestSnsSigner.CERTIFICATE_URL));

            assertThat(response.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !visits.isEmpty());
            assertThat(visits).singleElement().asString().contains("Token=" + token);

            var unsubscribed = new HashMap<>(confirmation);
            unsubscribed.put("Type", "UnsubscribeConfirmation");
            assertThat(post(sns.sign(unsubscribed, 1, TestSnsSigner.CERTIFICATE_URL))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(visits).hasSize(1);
        } finally {
            snsApi.stop(0);
        }
    }

    private Map<String, String> notification(OrderEvents order) {
        return Map.of(
                "Type",
                "Notification",
                "MessageId",
                UUID.randomUUID().toString(),
                "TopicArn",
                TOPIC,
                "Message",
                new EventCodec().toJson(order.placed("10.00")),
                "Timestamp",
                "2026-11-23T12:00:00.000Z");
    }

    private HttpResponse<String> post(Map<String, String> message) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sns/order-events"))
                        // SNS posts JSON as text/plain, with the type in a header too.
                        .header("Content-Type", "text/plain; charset=UTF-8")
                        .header("x-amz-sns-message-type", String.valueOf(message.get("Type")))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
