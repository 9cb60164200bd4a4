package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.drill.StreamPoisonDrill;
import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.UserActivity;
import dev.awsref.platform.topology.ReferenceTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.SdkBytes;
import tools.jackson.databind.JsonNode;

/**
 * Records the consumer can never apply, put straight on the stream (past the API's checks): each
 * one is dead-lettered after its attempts, and its shard keeps flowing.
 */
class StreamPoisonIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-poison");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    StreamPoisonIT() {
        super(TOPOLOGY);
    }

    @Test
    void aRecordThatCanNeverBeAppliedDoesNotStopItsShard() {
        String user = "stuck-" + UUID.randomUUID().toString().substring(0, 6);
        // A valid event whose time no epoch-millisecond counter can hold: the API accepted such
        // timestamps (only the future was refused), and applying it throws every time.
        put(user, activity(user, ActivityType.PAGE_VIEW, Instant.parse("-999999999-01-01T00:00:00Z")));
        put(user, activity(user, ActivityType.SEARCH, Instant.parse("2026-03-01T08:00:00Z")));

        await().atMost(Duration.ofSeconds(60)).until(() -> redis.counters(user).containsKey("SEARCH"));
        assertThat(redis.counters(user)).containsEntry("total", "1");
        JsonNode letter = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetterOf(user), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(letter.get("reason").stringValue()).isEqualTo("invalid-contract");
        assertThat(letter.get("shardId").stringValue()).startsWith("shardId-");
        assertThat(letter.get("sequenceNumber").stringValue()).isNotBlank();
        assertThat(letter.get("attempts").intValue()).isEqualTo(1);
        assertThat(letter.get("detail").stringValue()).contains("timestamp");
        String carried =
                new String(Base64.getDecoder().decode(letter.get("data").stringValue()), StandardCharsets.UTF_8);
        assertThat(carried).contains("-999999999-01-01T00:00:00Z");
        assertThat(meters.get("analytics.consumer.records.deadlettered")
                        .tag("reason", "invalid-contract")
                        .counter()
                        .count())
                .isPositive();
    }

    @Test
    void theDrillLosesNothingAndReplaysWhatCanBeFixed() throws Exception {
        var drill = new StreamPoisonDrill(
                aws(),
                prefix(),
                redis,
                daily,
                () -> assertThat(ops("POST", "/actuator/deadletters", "{\"max\":1000}")
                                .statusCode())
                        .isEqualTo(200));

        StreamPoisonDrill.Result result = drill.run();
        result.print(System.out);

        assertThat(result.lost()).isZero();
        assertThat(result.deadLettered()).isEqualTo(9);
        assertThat(result.deadLetteredByReason())
                .containsEntry("undecodable", 3)
                .containsEntry("unknown-type", 1)
                .containsEntry("invalid-contract", 4)
                .containsEntry("cannot-apply", 1);
        assertThat(result.replayedAndAggregated()).isEqualTo(1);
        assertThat(result.aggregated())
                .isEqualTo(StreamPoisonDrill.GOOD_USERS * StreamPoisonDrill.GOOD_RECORDS_PER_USER + 1);
    }

    @Test
    void theDeadLetterEndpointNeedsTheOperationsRole() throws Exception {
        var anonymous = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/deadletters"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json")
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(ops("GET", "/actuator/deadletters", null).statusCode()).isEqualTo(200);
    }

    /** The dead letter of the user's record, if one is in the queue (received, not deleted). */
    private java.util.Optional<JsonNode> deadLetterOf(String user) {
        String queueUrl = topology.queueUrl(ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS);
        for (var message : aws().sqs()
                .receiveMessage(b -> b.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .visibilityTimeout(1))
                .messages()) {
            JsonNode letter = JSON.readTree(message.body());
            if (letter.get("partitionKey").stringValue().equals(user)) {
                return java.util.Optional.of(letter);
            }
        }
        return java.util.Optional.empty();
    }

    private static UserActivity activity(String user, ActivityType type, Instant at) {
        return new UserActivity(user, type, type == ActivityType.SEARCH ? null : "i-1", at, Map.of());
    }

    private void put(String partitionKey, UserActivity activity) {
        String json = new EventCodec().toJson(EventEnvelope.of("analytics-service", activity.userId(), activity));
        putRaw(partitionKey, SdkBytes.fromUtf8String(json));
    }

    private void putRaw(String partitionKey, SdkBytes data) {
        aws().kinesis()
                .putRecord(b -> b.streamName(prefix() + "-user-activity")
                        .partitionKey(partitionKey)
                        .data(data));
    }
}
