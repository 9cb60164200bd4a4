package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.defaults.metrics.SystemMetric;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Kinesis meters the dashboards read, against kinesis-local: records in per shard (what
 * PutRecords accepted, by the shard Kinesis chose), records out per shard (what the KCL processor
 * received) and the iterator age per shard. The figures are compared with the stream itself, read
 * shard by shard from its start, so a meter that counted the wrong shard or a record twice fails.
 */
class KinesisMetersIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-meters");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    KinesisMetersIT() {
        super(TOPOLOGY);
    }

    @Test
    void recordsInAndOutPerShardMatchWhatTheStreamHoldsAndTheIteratorAgeIsReportedPerShard() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        var batch = new ArrayList<Map<String, Object>>();
        // Twenty users, so the partition keys (user ids) spread over every shard.
        for (int user = 0; user < 20; user++) {
            for (int n = 0; n < 3; n++) {
                batch.add(event("u" + user + "-" + run, ActivityType.PAGE_VIEW, "item-" + n, null));
            }
        }
        assertThat(post(batch).statusCode()).isEqualTo(202);

        var names = new ResourceNames(prefix());
        String stream = names.physical(ReferenceTopology.USER_ACTIVITY_STREAM);
        String application = names.physical(ReferenceTopology.ANALYTICS_KCL_APPLICATION);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            Map<String, Integer> onTheStream = recordsPerShard(stream);
            assertThat(onTheStream.values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(batch.size());
            assertThat(onTheStream.keySet()).as("shards holding records").hasSizeGreaterThan(1);
            onTheStream.forEach((shard, records) -> {
                assertThat(counter(SystemMetric.KINESIS_RECORDS_IN, "stream", stream, shard))
                        .as("records in on %s", shard)
                        .isEqualTo((double) records);
                assertThat(counter(SystemMetric.KINESIS_RECORDS_OUT, "application", application, shard))
                        .as("records out on %s", shard)
                        .isEqualTo((double) records);
                // Every record has been read, so the consumer is at the tip of the shard.
                assertThat(iteratorAge(application, shard))
                        .as("millis behind latest on %s", shard)
                        .isEqualTo(0.0);
            });
        });
    }

    private double counter(SystemMetric metric, String tag, String value, String shard) {
        Counter counter =
                meters.find(metric.meterName()).tags(tag, value, "shard", shard).counter();
        return counter == null ? 0 : counter.count();
    }

    private double iteratorAge(String application, String shard) {
        Gauge gauge = meters.find(SystemMetric.KINESIS_MILLIS_BEHIND_LATEST.meterName())
                .tags("application", application, "shard", shard)
                .gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    /** Reads every shard from its start with the test's own client: what the stream really holds. */
    private Map<String, Integer> recordsPerShard(String stream) {
        Map<String, Integer> counts = new HashMap<>();
        List<Shard> shards =
                aws().kinesis().listShards(b -> b.streamName(stream)).shards();
        for (Shard shard : shards) {
            String iterator = aws().kinesis()
                    .getShardIterator(b -> b.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                    .shardIterator();
            int records = 0;
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = aws().kinesis().getRecords(b -> b.shardIterator(current));
                records += response.records().size();
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
            if (records > 0) {
                counts.put(shard.shardId(), records);
            }
        }
        return counts;
    }
}
