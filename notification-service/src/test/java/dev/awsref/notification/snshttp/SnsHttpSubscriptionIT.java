package dev.awsref.notification.snshttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.TestSnsSigner;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.fuzz.HttpFuzzer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The test plays SNS ({@link TestSnsSigner}): it signs deliveries with a key whose certificate a CA
 * made for this run issued, serves that certificate over HTTPS as {@code sns.us-east-1.amazonaws.com},
 * and only the test configuration trusts that CA. Everything the verifier checks, it checks for real.
 */
@ExtendWith(OutputCaptureExtension.class)
class SnsHttpSubscriptionIT extends NotificationIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestSnsSigner sns = TestSnsSigner.get();

    @LocalServerPort
    int port;

    @Autowired
    EnvironmentTopology environment;

    @Autowired
    JdbcTemplate jdbc;

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
    void aSignedNotificationFromATopicTheModelDoesNotSubscribeThisEndpointToIsRefused() throws Exception {
        var order = OrderEvents.newOrder();
        var fromElsewhere = new HashMap<>(notification(order));
        fromElsewhere.put("TopicArn", environment.topicArn(ReferenceTopology.OPS_ALERTS));

        var response = post(sns.sign(fromElsewhere, 2, TestSnsSigner.CERTIFICATE_URL));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("TopicArn");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void aSignedNotificationOlderThanAnHourIsRefused() throws Exception {
        var order = OrderEvents.newOrder();
        var stale = new HashMap<>(notification(order));
        stale.put("Timestamp", Instant.now().minus(Duration.ofMinutes(61)).toString());

        var response = post(sns.sign(stale, 2, TestSnsSigner.CERTIFICATE_URL));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Timestamp");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void certificatesFromAnythingButThisRegionsSnsHostAreNotTrusted() throws Exception {
        var order = OrderEvents.newOrder();
        String path = "/SimpleNotificationService-test.pem";

        for (String url : new String[] {
            "https://sns.s3.amazonaws.com" + path, // an S3 bucket named "sns"
            "https://sns.eu-west-1.amazonaws.com" + path, // SNS, but not this topic's region
            "https://sns.us-east-1.amazonaws.com.evil.example" + path,
            "https://sns.us-east-1.amazonaws.com:8443" + path,
            "https://sns.us-east-1.amazonaws.com" + path + "?x=1",
            "http://sns.us-east-1.amazonaws.com" + path,
            "https://evil.example/sns.us-east-1.amazonaws.com" + path
        }) {
            assertThat(post(sns.sign(notification(order), 2, url)).statusCode())
                    .as(url)
                    .isEqualTo(403);
        }
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void aCertificateThatDoesNotNameSnsIsNotTrustedEvenFromTheSnsHost() throws Exception {
        var order = OrderEvents.newOrder();

        var response = post(sns.sign(notification(order), 2, TestSnsSigner.WRONG_NAME_CERTIFICATE_URL));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("is not SNS's");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void aCertificateWithSnsNameThatChainsToNoTrustedAuthorityIsNotTrusted() throws Exception {
        var order = OrderEvents.newOrder();

        var response = post(sns.sign(notification(order), 2, TestSnsSigner.UNTRUSTED_CERTIFICATE_URL));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("does not chain to a trusted authority");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }

    @Test
    void theCertificateIsDownloadedOnceAndOnlyForMessagesThatPassTheCheapChecks() throws Exception {
        String rotated =
                sns.newCertificateUrl("rotated-" + UUID.randomUUID().toString().substring(0, 8));
        int before = sns.downloads();
        var stale = new HashMap<>(notification(OrderEvents.newOrder()));
        stale.put("Timestamp", Instant.now().minus(Duration.ofHours(2)).toString());
        var otherTopic = new HashMap<>(notification(OrderEvents.newOrder()));
        otherTopic.put("TopicArn", environment.topicArn(ReferenceTopology.OPS_ALERTS));

        assertThat(post(sns.sign(stale, 2, rotated)).statusCode()).isEqualTo(403);
        assertThat(post(sns.sign(otherTopic, 2, rotated)).statusCode()).isEqualTo(403);
        assertThat(sns.downloads()).as("downloads for refused messages").isEqualTo(before);

        assertThat(post(sns.sign(notification(OrderEvents.newOrder()), 2, rotated))
                        .statusCode())
                .isEqualTo(200);
        assertThat(post(sns.sign(notification(OrderEvents.newOrder()), 2, rotated))
                        .statusCode())
                .isEqualTo(200);
        assertThat(sns.downloads())
                .as("downloads for two messages signed with one certificate")
                .isEqualTo(before + 1);
        assertThat(sns.tunnelledHosts())
                .allMatch(line -> line.startsWith("CONNECT " + TestSnsSigner.SNS_HOST + ":443 "));
    }

    @Test
    void aSubscriptionConfirmationIsConfirmedOnceByVisitingItsSubscribeUrl() throws Exception {
        String token = UUID.randomUUID().toString();
        var confirmation = confirmation(topicArn(), token);

        var response = post(sns.sign(confirmation, 1, TestSnsSigner.CERTIFICATE_URL));
        var replayed = post(sns.sign(confirmation, 1, TestSnsSigner.CERTIFICATE_URL));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(sns.confirmations())
                .filteredOn(query -> query.contains(token))
                .hasSize(1);

        var unsubscribed = new HashMap<>(confirmation);
        unsubscribed.put("Type", "UnsubscribeConfirmation");
        unsubscribed.put("MessageId", UUID.randomUUID().toString());
        assertThat(post(sns.sign(unsubscribed, 1, TestSnsSigner.CERTIFICATE_URL))
                        .statusCode())
                .isEqualTo(200);
        assertThat(sns.confirmations())
                .filteredOn(query -> query.contains(token))
                .hasSize(1);
    }

    @Test
    void aSubscriptionConfirmationForAnotherTopicIsNotConfirmed() throws Exception {
        String token = UUID.randomUUID().toString();
        String otherTopic = environment.topicArn(ReferenceTopology.OPS_ALERTS);

        var response = post(sns.sign(confirmation(otherTopic, token), 1, TestSnsSigner.CERTIFICATE_URL));
        var subscribeUrlForAnother = confirmation(topicArn(), token);
        subscribeUrlForAnother.put("SubscribeURL", subscribeUrl(otherTopic, token));
        var mismatched = post(sns.sign(subscribeUrlForAnother, 1, TestSnsSigner.CERTIFICATE_URL));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(mismatched.statusCode()).isEqualTo(403);
        assertThat(sns.confirmations()).noneMatch(query -> query.contains(token));
    }

    @Test
    void anUnknownTopicPathIs404() throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sns/ops-alerts"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    /**
     * The sender declares 3 MiB and sends 16 bytes of it: the answer comes anyway, so the endpoint
     * judged the declared length and did not wait for (or read) the body.
     */
    @Test
    void aBodyDeclaredLargerThanAnySnsDeliveryIsRefusedWith413BeforeItIsSent() throws Exception {
        long declared = 3L * 1024 * 1024;
        try (var socket = rawConnection()) {
            socket.getOutputStream()
                    .write(("POST /sns/order-events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                                    + "x-amz-sns-message-type: Notification\r\nContent-Length: " + declared
                                    + "\r\n\r\n{\"Type\":\"Notifica")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String response = statusAndHeadersOf(socket);

            assertThat(response).startsWith("HTTP/1.1 413");
        }
    }

    /**
     * A chunked body has no declared length: the endpoint reads one byte past the limit, answers
     * 413 naming the body, and does not wait for the rest (the test never sends its last chunk).
     */
    @Test
    void aChunkedBodyGrowingPastTheLimitIsRefusedWith413WithoutReadingTheRest() throws Exception {
        try (var socket = rawConnection()) {
            var out = socket.getOutputStream();
            out.write(("POST /sns/order-events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            while (sent <= SnsHttpEndpoint.MAX_BODY_BYTES) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += chunk.length;
            }
            out.flush();

            String response = statusAndHeadersOf(socket);

            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response).contains("application/problem+json");
        }
    }

    @Test
    void theLargestDeliverySnsCanMakeIsUnderTheLimit() throws Exception {
        // 256 KiB of control characters, each escaped to six in the envelope: SNS's worst case.
        var order = OrderEvents.newOrder();
        // Ordinary deliveries first, until one is taken: the signing certificate is then downloaded
        // and cached. Its download has a 5 s timeout, which a loaded machine can miss once; that is
        // not what this test is about.
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> post(sns.sign(notification(OrderEvents.newOrder()), 2, TestSnsSigner.CERTIFICATE_URL))
                                .statusCode()
                        == 200);
        var largest = new HashMap<>(notification(order));
        largest.put("Message", String.valueOf((char) 1).repeat(256 * 1024));
        byte[] body = JSON.writeValueAsBytes(sns.sign(largest, 2, TestSnsSigner.CERTIFICATE_URL));

        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sns/order-events"))
                        .header("Content-Type", "text/plain; charset=UTF-8")
                        .header("x-amz-sns-message-type", "Notification")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat((long) body.length).isLessThanOrEqualTo(SnsHttpEndpoint.MAX_BODY_BYTES);
        // Verified and taken (200), though it is no event this service reads.
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private java.net.Socket rawConnection() throws java.io.IOException {
        var socket = new java.net.Socket("127.0.0.1", port);
        // Not a timing assertion: a server that waited for the whole body would hang the test.
        socket.setSoTimeout(60_000);
        return socket;
    }

    /** The status line and headers of the response, read up to the blank line. */
    private static String statusAndHeadersOf(java.net.Socket socket) throws java.io.IOException {
        var in = socket.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void nothingAnUnverifiedMessageSaysReachesTheLog(CapturedOutput output) throws Exception {
        var forged = new HashMap<>(notification(OrderEvents.newOrder()));
        forged.put("MessageId", "x\n2026-11-30 12:00:00 ERROR forged-log-line");
        forged.put("SigningCertURL", "https://evil.example/\nforged-url-line.pem");
        forged.put("SignatureVersion", "2");
        forged.put("Signature", "AAAA");

        assertThat(post(forged).statusCode()).isEqualTo(403);
        assertThat(output.getAll()).doesNotContain("forged-log-line").doesNotContain("forged-url-line");
    }

    /**
     * Every input class of {@link SnsInputs} against the running endpoint ({@link HttpFuzzer}): no
     * 5xx, every refusal a problem naming the field, and a refused delivery sends no email, writes
     * no processed-notification or lifecycle row and visits no SubscribeURL.
     */
    @Test
    void aFuzzedSenderGetsNo5xxAndEveryRefusalIsAProblemNamingTheFieldThatSendsNothing() throws Exception {
        var classes = new SnsInputs(topicArn(), environment.topicArn(ReferenceTopology.OPS_ALERTS)).classes();
        try (var fuzzer = new HttpFuzzer("http://127.0.0.1:" + port, this::written)) {
            var report = fuzzer.run(classes);
            System.out.print(report.summary("SNS HTTP endpoint"));
            assertThat(report.classes()).isGreaterThanOrEqualTo(20);
            assertThat(report.failures()).isEmpty();
        }
    }

    /** Emails, idempotency and lifecycle rows, and SubscribeURL visits: what a delivery can cause. */
    private long written() {
        Long rows = jdbc.queryForObject(
                "SELECT (SELECT count(*) FROM processed_notification) + (SELECT count(*) FROM order_lifecycle)",
                Long.class);
        return mail.received() + rows + sns.confirmations().size();
    }

    private String topicArn() {
        return environment.topicArn(ReferenceTopology.ORDER_EVENTS);
    }

    private Map<String, String> notification(OrderEvents order) {
        var fields = new HashMap<String, String>();
        fields.put("Type", "Notification");
        fields.put("MessageId", UUID.randomUUID().toString());
        fields.put("TopicArn", topicArn());
        fields.put("Message", new EventCodec().toJson(order.placed("10.00")));
        fields.put("Timestamp", Instant.now().toString());
        return fields;
    }

    private HashMap<String, String> confirmation(String topicArn, String token) {
        var fields = new HashMap<String, String>();
        fields.put("Type", "SubscriptionConfirmation");
        fields.put("MessageId", UUID.randomUUID().toString());
        fields.put("Token", token);
        fields.put("TopicArn", topicArn);
        fields.put("Message", "You have chosen to subscribe to the topic " + topicArn);
        fields.put("SubscribeURL", subscribeUrl(topicArn, token));
        fields.put("Timestamp", Instant.now().toString());
        return fields;
    }

    private static String subscribeUrl(String topicArn, String token) {
        return "https://" + TestSnsSigner.SNS_HOST + "/?Action=ConfirmSubscription&TopicArn="
                + URLEncoder.encode(topicArn, StandardCharsets.UTF_8) + "&Token=" + token;
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
