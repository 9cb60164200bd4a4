package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.defaults.tracing.TraceContexts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
 * Events the API used to accept and the consumer could never store: each is now refused with 400,
 * a problem detail naming the field, and nothing buffered.
 */
class IngestRefusesWhatTheAggregatesCannotHoldTest {

    private final KinesisAsyncClient unreachable = KinesisAsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
            .build();

    private final AnalyticsProperties.Producer producerSettings = new AnalyticsProperties.Producer(
            true, 100, Duration.ofMillis(10), 1, Duration.ofSeconds(1), Duration.ofSeconds(5), 100, Duration.ZERO);

    private final ActivityProducer producer =
            new ActivityProducer(unreachable, "nowhere", producerSettings, new SimpleMeterRegistry());

    private final ActivityController controller = new ActivityController(
            producer,
            JsonMapper.builder().build(),
            new AnalyticsProperties(
                    new AnalyticsProperties.Ingest(500, 1024 * 1024, 1000, 1000), producerSettings, null, null, null),
            TraceContexts.NONE);

    @AfterEach
    void close() {
        producer.close();
        unreachable.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // No epoch-millisecond counter holds it (the consumer threw ArithmeticException on it forever).
                "a time before any epoch-millisecond counter | {\"userId\":\"u\",\"type\":\"SEARCH\",\"timestamp\":\"-999999999-01-01T00:00:00Z\"} | timestamp",
                // Its day has no yyyy-MM-dd form: the daily table's sort key would not sort.
                "a year before 1970 | {\"userId\":\"u\",\"type\":\"SEARCH\",\"timestamp\":\"1969-12-31T23:59:59Z\"} | timestamp",
                "an unpaired surrogate in the userId | {\"userId\":\"u\\ud800\",\"type\":\"SEARCH\"} | userId",
                "an unpaired surrogate in the itemId | {\"userId\":\"u\",\"type\":\"CART_ADD\",\"itemId\":\"\\udc00i\"} | itemId",
                "an activity type nobody declared | {\"userId\":\"u\",\"type\":\"TELEPORT\"} | type",
            })
    void refusesNamingTheField(String what, String event, String field) throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/activity");
        request.addHeader("X-Client-Id", "limits");
        request.setContentType("application/json");
        request.setContent(event.getBytes(StandardCharsets.UTF_8));

        var response = controller.post(request);

        assertThat(response.getStatusCode().value()).as(what).isEqualTo(400);
        @SuppressWarnings("unchecked")
        var errors = (List<ActivityController.Rejected>)
                ((ProblemDetail) response.getBody()).getProperties().get("errors");
        assertThat(errors).extracting(ActivityController.Rejected::field).containsExactly(field);
        assertThat(producer.backlog()).isZero();
    }
}
