package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.ingest.ActivityProducer;
import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The producer against a stream that is not there yet: every PutRecords call fails as a whole until
 * the stream is created, and the batch still arrives, once and in each user's order. The stream is
 * this class's own, created and deleted by the test: the model's stream in an environment of its own
 * ({@code <prefix>-late-user-activity}), so the calls the producer makes are ones its role allows.
 */
class LateStreamIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-late");

    @Autowired
    @Qualifier("producerKinesisClient")
    KinesisAsyncClient kinesis;

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    LateStreamIT() {
        super(TOPOLOGY);
    }

    /** The late stream is not in the topology: delete it here if the test did not get that far. */
    @AfterAll
    void deleteTheLateStream() {
        try {
            aws().kinesis().deleteStream(b -> b.streamName(lateStream()));
        } catch (ResourceNotFoundException | ResourceInUseException goneOrGoing) {
            // the test deleted it; kinesis-local answers ResourceInUse while the stream is DELETING
        }
    }

    private String lateStream() {
        return new ResourceNames(prefix() + "-late").physical(ReferenceTopology.USER_ACTIVITY_STREAM);
    }

    @Test
    void aBatchIsRetriedWithBackoffUntilTheStreamTakesIt() throws Exception {
        // The fault: the stream does not exist yet, so every PutRecords call fails as a whole
        // (ResourceNotFoundException, which the SDK does not retry); the producer backs off and retries.
        String stream = lateStream();
        var settings = new AnalyticsProperties.Producer(
                true,
                1000,
                Duration.ofMillis(10),
                2,
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                30,
                Duration.ofSeconds(30));
        var users = List.of("x", "y", "z");
        try (var producer = new ActivityProducer(kinesis, stream, settings, meters)) {
            var entries = new ArrayList<ActivityProducer.Entry>();
            for (int n = 0; n < 30; n++) {
                entries.add(new ActivityProducer.Entry(
                        users.get(n % 3), (users.get(n % 3) + ":" + n).getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(producer.offer(entries)).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> meters.counter("analytics.producer.records.retried", "stream", stream)
                                    .count()
                            >= 3);

            aws().kinesis().createStream(b -> b.streamName(stream).shardCount(1));
            try (var waiter = aws().kinesis().waiter()) {
                waiter.waitUntilStreamExists(b -> b.streamName(stream));
            }
            assertThat(producer.awaitDrained(Duration.ofSeconds(60))).isTrue();
        }
        assertThat(meters.counter("analytics.producer.records.dropped", "stream", stream)
                        .count())
                .isZero();

        String shard = aws().kinesis()
                .listShards(b -> b.streamName(stream))
                .shards()
                .getFirst()
                .shardId();
        String iterator = aws().kinesis()
                .getShardIterator(
                        b -> b.streamName(stream).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        var seen = new HashMap<String, List<Integer>>();
        var records = aws().kinesis().getRecords(b -> b.shardIterator(iterator)).records();
        for (var r : records) {
            String[] parts = r.data().asUtf8String().split(":");
            seen.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
        }
        assertThat(records).hasSize(30);
        for (var entry : seen.entrySet()) {
            assertThat(entry.getValue()).as(entry.getKey()).isSorted().hasSize(10);
        }
        aws().kinesis().deleteStream(b -> b.streamName(stream));
    }
}
