package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.UserActivity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the producer's buffer holds is bounded in bytes, not only in records, and one record's size
 * is counted the way Kinesis counts it: data plus the partition key's UTF-8 bytes. The producer's
 * client points at a port nothing listens on (a real SDK client), so everything stays buffered.
 */
class IngestSizeLimitsTest {

    private static final int MIB = 1024 * 1024;

    private final KinesisAsyncClient unreachable = KinesisAsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
            .build();

    /** The production defaults: 10,000 records, and whatever byte budget the defaults give. */
    private final AnalyticsProperties.Producer defaults = new AnalyticsProperties.Producer(
            true, 10_000, Duration.ofMillis(10), 1, Duration.ofSeconds(1), Duration.ofSeconds(5), 100, Duration.ZERO);

    private final ActivityProducer producer =
            new ActivityProducer(unreachable, "nowhere", defaults, new SimpleMeterRegistry());

    @AfterEach
    void close() {
        producer.close();
        unreachable.close();
    }

    @Test
    void aFullBufferOfLargeEventsAnswers503WithRetryAfterLongBeforeTenThousandRecords() throws Exception {
        var controller = controller(new AnalyticsProperties.Ingest(500, 2 * MIB, 1_000_000, 1_000_000));
        String bigEvent = eventWithProperty("u", "x".repeat(150 * 1024));
        var answers = new ArrayList<ResponseEntity<?>>();
        for (int i = 0; i < 400; i++) {
            var answer = controller.post(request(bigEvent));
            answers.add(answer);
            if (answer.getStatusCode().value() != 202) {
                break;
            }
        }

        ResponseEntity<?> last = answers.getLast();
        assertThat(last.getStatusCode().value())
                .as("400 events of 150 KiB (60 MB) fit the 10,000-record count; only a byte budget refuses them")
                .isEqualTo(503);
        assertThat(last.getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(((ProblemDetail) last.getBody()).getTitle()).isEqualTo("Producer backlog full");
        assertThat(producer.backlog()).isEqualTo(answers.size() - 1);
    }

    @Test
    void aRecordWhosePartitionKeyTakesItOverOneMebibyteIsRefusedNamingTheField() throws Exception {
        var controller = controller(new AnalyticsProperties.Ingest(500, 2 * MIB, 1000, 1000));
        // 256 characters of 3 UTF-8 bytes each: a legal partition key of 768 bytes.
        String user = "€".repeat(256);
        // Data alone under 1 MiB - 256 bytes (what a check that assumes a one-byte-per-character key
        // allows), data + key over 1 MiB: Kinesis would refuse the record on every retry.
        int target = MIB - 768 + 256;
        String padding = "x".repeat(target - recordData(user, "").length);
        assertThat(recordData(user, padding).length).isEqualTo(target);
        String event = eventWithProperty(user, padding);

        var response = controller.post(request(event));

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(producer.backlog()).isZero();
        var problem = (ProblemDetail) response.getBody();
        @SuppressWarnings("unchecked")
        var errors = (List<ActivityController.Rejected>) problem.getProperties().get("errors");
        assertThat(errors).extracting(ActivityController.Rejected::field).containsExactly("properties");
    }

    @Test
    void atTheKinesisLimitARecordOfExactlyOneMebibyteWithItsKeyIsTakenAndOneByteMoreIsNot() throws Exception {
        var controller = controller(new AnalyticsProperties.Ingest(500, 2 * MIB, 1000, 1000, MIB));
        String user = "€".repeat(256);
        String exact = "x".repeat(MIB - 768 - recordData(user, "").length);
        assertThat(recordData(user, exact).length + 768).isEqualTo(MIB);

        var oneMore = controller.post(request(eventWithProperty(user, exact + "x")));
        var atTheLimit = controller.post(request(eventWithProperty(user, exact)));

        assertThat(oneMore.getStatusCode().value()).isEqualTo(400);
        assertThat(((ProblemDetail) oneMore.getBody()).getDetail()).contains("1048577 bytes");
        assertThat(atTheLimit.getStatusCode().value()).isEqualTo(202);
        assertThat(producer.backlog()).isEqualTo(1);
    }

    @Test
    void theRecordLimitCannotBeSetAboveWhatKinesisTakes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new AnalyticsProperties.Ingest(500, 2 * MIB, 1000, 1000, MIB + 1))
                .hasMessageContaining("max-record-bytes");
    }

    private ActivityController controller(AnalyticsProperties.Ingest ingest) {
        return new ActivityController(
                producer,
                JsonMapper.builder().build(),
                new AnalyticsProperties(ingest, defaults, null, null, null),
                TraceContexts.NONE);
    }

    private static final String AT = "2026-11-30T10:00:00Z";

    private static String eventWithProperty(String user, String value) {
        return "{\"userId\":\"" + user + "\",\"type\":\"PAGE_VIEW\",\"itemId\":\"i\",\"timestamp\":\"" + AT
                + "\",\"properties\":{\"p\":\"" + value + "\"}}";
    }

    /** The record data the controller writes for this event (the envelope's time is always 24 characters). */
    private static byte[] recordData(String user, String value) {
        var activity = new UserActivity(user, ActivityType.PAGE_VIEW, "i", Instant.parse(AT), Map.of("p", value));
        var envelope = EventEnvelope.of(
                ActivityController.SOURCE,
                user,
                activity,
                Clock.fixed(Instant.parse("2026-11-30T10:00:00.123Z"), ZoneOffset.UTC));
        return new EventCodec().toJson(envelope).getBytes(StandardCharsets.UTF_8);
    }

    private static MockHttpServletRequest request(String body) {
        var request = new MockHttpServletRequest("POST", "/api/activity");
        request.addHeader("X-Client-Id", "size-limits");
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
