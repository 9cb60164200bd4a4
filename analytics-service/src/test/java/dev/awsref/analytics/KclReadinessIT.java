package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.support.StandaloneAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.TcpGate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Start-up does not wait for the KCL worker, and {@code /readyz} does not claim a readiness the
 * service has not got: with DynamoDB (the lease table) out of reach the service starts, answers
 * {@code /livez}, and keeps {@code /readyz} at 503 OUT_OF_SERVICE while it retries preparing its
 * KCL application; once DynamoDB is back, the worker starts and {@code /readyz} turns 200 UP.
 * The fault is a {@link TcpGate} in front of the DynamoDB emulator (closed = connection refused),
 * not a fake: every byte that gets through goes to the emulator.
 */
class KclReadinessIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theServiceStartsWithoutItsLeaseTableAndIsReadyOnlyOnceTheKclWorkerHasStarted() throws Exception {
        var env = AwsTestEnvironment.get();
        try (var topology = TestTopology.provision("it-an-ready");
                var dynamoGate = new TcpGate(env.dynamodb())) {
            Map<String, Object> properties = new LinkedHashMap<>();
            topology.register((name, value) -> properties.put(name, value.get()));
            // DynamoDB through a closed gate instead of the emulator TestTopology registered: no lease table.
            properties.put(
                    "spring.cloud.aws.dynamodb.endpoint", dynamoGate.endpoint().toString());
            properties.put("spring.profiles.active", "test");
            properties.put("analytics.order-events.enabled", "false");

            try (var app = StandaloneAnalyticsService.run(properties)) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();

                assertThat(get(port, "/livez").statusCode()).isEqualTo(200);
                // Preparing fails against the closed gate and is retried; /readyz stays 503 meanwhile.
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> {
                            var readyz = get(port, "/readyz");
                            assertThat(readyz.statusCode()).isEqualTo(503);
                            assertThat(readyz.body()).contains("OUT_OF_SERVICE");
                        });

                dynamoGate.open();

                await().atMost(Duration.ofSeconds(300)).untilAsserted(() -> {
                    var readyz = get(port, "/readyz");
                    assertThat(readyz.statusCode()).isEqualTo(200);
                    assertThat(readyz.body()).contains("UP");
                });
            }
        } finally {
            http.close();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
