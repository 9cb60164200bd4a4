package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.TestJwt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=0",
            // No stream, queue or lease table here: this test is about the health probes only.
            "analytics.consumer.enabled=false",
            "analytics.order-events.enabled=false",
            // Nor its depth: an unprovisioned queue under no prefix, a name no environment has.
            "app.metrics.queue-depth.enabled=false",
            "spring.cloud.aws.region.static=us-east-1",
            TestJwt.ACCEPTED_CLIENTS
        })
@Import(TestJwt.Config.class)
class AnalyticsServiceHealthIT {

    @LocalServerPort
    int port;

    @Test
    void answersTheLoadBalancerHealthCheckOnTheApplicationPort() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }
}
