package dev.awsref.analytics.support;

import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.analytics.consume.LiveConsumer;
import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.testsupport.TestJwt;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on the emulators (kinesis-local, dynalite, fauxqs) and real Redis: POST ->
 * producer -> Kinesis -> KCL -> Redis and DynamoDB -> read API, and the operations API beside it.
 * Each subclass brings a {@link TestTopology} of its own and registers it from its own
 * {@code @DynamicPropertySource} (which also gives it a Spring context of its own); this class
 * stops the consumers and deletes the topology after the subclass's last test, and the context is
 * closed then too rather than kept idle in the cache.
 */
@ActiveProfiles("test")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            // Short SQS polls and shutdown waits, so each class's context stops in a second, not 20 s.
            "app.listeners.poll-timeout=1s",
            "app.listeners.shutdown-timeout=2s",
            "analytics.aggregates.recent-events=1000",
            // Under Tomcat's 2 MB swallow limit, so the client reads the 413 instead of a closed connection.
            "analytics.ingest.max-body-bytes=1048576",
            TestJwt.ACCEPTED_CLIENTS
        })
@Import(TestJwt.Config.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
public abstract class RunningAnalyticsService {

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** The operations API's user and the password the test profile gives it. */
    private static final String OPS_CREDENTIALS = "ops:ops-test";

    protected final TestTopology topology;
    protected final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected RedisAggregates redis;

    @Autowired
    protected DailyActivityTable daily;

    @Autowired
    protected LiveConsumer consumer;

    @Autowired
    protected MeterRegistry meters;

    @Autowired
    private MessageListenerContainerRegistry listeners;

    protected RunningAnalyticsService(TestTopology topology) {
        this.topology = topology;
    }

    /** The test's own clients, for what it does to the emulators directly. */
    protected AwsClients aws() {
        return topology.aws();
    }

    /** The prefix every resource of this class's topology, and its Redis namespace, carries. */
    protected String prefix() {
        return topology.prefix();
    }

    /**
     * The KCL worker starts after the context (LiveConsumer prepares it on a thread of its own);
     * {@code /readyz} turns 200 once it has, and the tests begin from there, as a load balancer would.
     */
    @BeforeAll
    protected void awaitReadiness() {
        await().atMost(Duration.ofSeconds(300))
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /**
     * Stops what reads from the topology (the KCL consumer, gracefully; the SQS listener), then
     * deletes the topology and closes the clients. Runs after a subclass's own {@code @AfterAll}.
     */
    @AfterAll
    protected void stopConsumersAndDeleteTopology() {
        try {
            consumer.stop();
            listeners.stop();
        } finally {
            topology.close();
            http.close();
        }
    }

    /** One activity event as a client posts it; {@code timestamp} null for "now". */
    protected static Map<String, Object> event(String user, ActivityType type, String item, String timestamp) {
        var event = new HashMap<String, Object>();
        event.put("userId", user);
        event.put("type", type.name());
        event.put("itemId", item);
        if (timestamp != null) {
            event.put("timestamp", timestamp);
        }
        return event;
    }

    /**
     * A bearer token of a trusted client named after the calling thread (so each thread has a rate
     * limit of its own), allowed to ingest and to read anyone's activity.
     */
    protected static String bearer() {
        return "Bearer "
                + TestJwt.token("it-" + Thread.currentThread().getName(), "analytics/ingest", "analytics/operations");
    }

    /** POST /api/activity, as the calling thread's client. */
    protected HttpResponse<String> post(List<Map<String, Object>> events) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/activity"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", bearer())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(events)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the application port: the read API, with operations' right to read anyone's activity. */
    protected HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call to the operations API on the management port, with the test profile's credentials. */
    protected HttpResponse<String> ops(String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString(OPS_CREDENTIALS.getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                        .header("Authorization", "Basic " + auth)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
