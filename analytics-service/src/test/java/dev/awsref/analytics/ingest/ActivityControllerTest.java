package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.defaults.tracing.TraceContexts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's answers under backpressure and rate limiting. The producer's client points at a port
 * nothing listens on (a real SDK client, not a fake), so records stay in its buffer.
 */
class ActivityControllerTest {

    private final KinesisAsyncClient unreachable = KinesisAsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
            .build();

    private final ActivityProducer producer = new ActivityProducer(
            unreachable,
            "nowhere",
            new AnalyticsProperties.Producer(
                    true,
                    3,
                    Duration.ofMillis(10),
                    1,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(5),
                    100,
                    Duration.ZERO),
            new SimpleMeterRegistry());

    @AfterEach
    void close() {
        producer.close();
        unreachable.close();
    }

    @Test
    void answers503WithRetryAfterWhenTheProducerBufferIsFullAndTakesNoneOfTheBatch() throws Exception {
        var controller = controller(new AnalyticsProperties.Ingest(500, 1024 * 1024, 1000, 1000));
        assertThat(controller
                        .post(request("c", "[" + event("a") + "," + event("b") + "]"))
                        .getStatusCode()
                        .value())
                .isEqualTo(202);

        var full = controller.post(request("c", "[" + event("c") + "," + event("d") + "]"));

        assertThat(full.getStatusCode().value()).isEqualTo(503);
        assertThat(full.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(producer.backlog()).isEqualTo(2);
    }

    @Test
    void answers429WithRetryAfterWhenAClientPostsFasterThanItsRate() throws Exception {
        var controller = controller(new AnalyticsProperties.Ingest(500, 1024 * 1024, 1, 1));
        // A first post from someone else warms the codec, so the two below fall in one 1 s window
        // even on a loaded machine.
        controller.post(request("warm-up", event("a")));
        assertThat(controller.post(request("shop", event("a"))).getStatusCode().value())
                .isEqualTo(202);

        var limited = controller.post(request("shop", event("a")));

        assertThat(limited.getStatusCode().value()).isEqualTo(429);
        assertThat(limited.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(((ProblemDetail) limited.getBody()).getTitle()).isEqualTo("Rate limit exceeded");
        assertThat(controller
                        .post(request("other-shop", event("a")))
                        .getStatusCode()
                        .value())
                .isEqualTo(202);
    }

    @Test
    void namesTheFieldOfEachRejectedEntry() throws Exception {
        var controller = controller(new AnalyticsProperties.Ingest(500, 1024 * 1024, 1000, 1000));

        var response = controller.post(request(
                "c",
                "[" + event("a") + ",{\"userId\":\"b\",\"type\":\"CART_ADD\"},"
                        + "{\"userId\":\"c\",\"type\":\"SEARCH\",\"timestamp\":\"yesterday\"}]"));

        assertThat(response.getStatusCode().value()).isEqualTo(202);
        var body = (ActivityController.Accepted) response.getBody();
        assertThat(body.accepted()).isEqualTo(1);
        assertThat(body.rejected())
                .extracting(ActivityController.Rejected::index, ActivityController.Rejected::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "itemId"),
                        org.assertj.core.groups.Tuple.tuple(2, "timestamp"));
    }

    private ActivityController controller(AnalyticsProperties.Ingest ingest) {
        var properties = new AnalyticsProperties(
                ingest,
                new AnalyticsProperties.Producer(
                        true,
                        3,
                        Duration.ofMillis(10),
                        1,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        100,
                        Duration.ZERO),
                null,
                null,
                null);
        return new ActivityController(producer, JsonMapper.builder().build(), properties, TraceContexts.NONE);
    }

    private static String event(String user) {
        return "{\"userId\":\"" + user + "\",\"type\":\"PAGE_VIEW\",\"itemId\":\"i\"}";
    }

    private static MockHttpServletRequest request(String client, String body) {
        var request = new MockHttpServletRequest("POST", "/api/activity");
        request.setRemoteAddr(client); // the rate limit keys on the caller: the address, without a token
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
