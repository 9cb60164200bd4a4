package dev.awsref.platform.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.stream.HashKeyRanges;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A hot partition, counted. Kinesis puts a record on the shard whose hash-key range holds
 * MD5(partition key), and a shard takes 1 MB/s or 1,000 records/s. With the user id as the key,
 * many users spread over the shards, but one very busy user (a bot) sends everything to a single
 * shard, which no number of extra shards relieves. The test writes a skewed load (one hot user
 * among many quiet ones) to a stream of four shards and checks each shard's count, as PutRecords
 * reports it, against the count {@link HashKeyRanges} predicts from the shards' hash-key ranges.
 */
@AwsEmulators
class HotPartitionIT {

    private static final int SHARDS = 4;
    private static final int QUIET_USERS = 200;
    private static final String HOT_USER = "bot-1";
    private static final int HOT_USER_RECORDS = 600;

    private static AwsClients aws;
    private static String stream;

    @BeforeAll
    static void createAFourShardStream(AwsTestEnvironment environment) {
        aws = new AwsClients(ReferenceTopologyIT.endpointsOf(environment));
        stream = "it-hot-" + UUID.randomUUID().toString().substring(0, 8);
        aws.kinesis().createStream(b -> b.streamName(stream).shardCount(SHARDS));
        aws.kinesis()
                .waiter()
                .waitUntilStreamExists(
                        b -> b.streamName(stream),
                        o -> o.waitTimeout(Duration.ofSeconds(60))
                                .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(
                                        Duration.ofMillis(200))));
    }

    /** kinesis-local caps open shards for the whole emulator: give this stream's back. */
    @AfterAll
    static void deleteTheStreamAndCloseClients() {
        try {
            aws.kinesis().deleteStream(b -> b.streamName(stream).enforceConsumerDeletion(true));
        } finally {
            aws.close();
        }
    }

    @Test
    void theHotUsersRecordsAllLandOnTheShardHoldingItsHashKeyAndEveryShardCountIsPredictedByTheHashRanges() {
        List<Shard> shards = aws.kinesis().listShards(b -> b.streamName(stream)).shards();
        assertThat(shards).hasSize(SHARDS);

        // Skewed: 200 quiet users with 1 to 5 events each, and one bot with 600, interleaved.
        List<String> keys = new ArrayList<>();
        IntStream.range(0, QUIET_USERS).forEach(u -> {
            for (int n = 0; n <= u % 5; n++) {
                keys.add("user-" + u);
            }
        });
        for (int n = 0; n < HOT_USER_RECORDS; n++) {
            keys.add(Math.min(keys.size(), n * 2), HOT_USER);
        }

        Map<String, Integer> predicted = new TreeMap<>();
        keys.forEach(key -> predicted.merge(HashKeyRanges.shardFor(key, shards).shardId(), 1, Integer::sum));
        String hotShard = HashKeyRanges.shardFor(HOT_USER, shards).shardId();

        Map<String, Integer> hotUserPerShard = new TreeMap<>();
        Map<String, Integer> actual = put(keys, hotUserPerShard);

        assertThat(actual).as("records per shard, as PutRecords placed them").isEqualTo(predicted);
        assertThat(hotUserPerShard)
                .as("the hot user's records per shard")
                .containsExactly(Map.entry(hotShard, HOT_USER_RECORDS));
        // One key of 201 makes its shard carry more than twice what any other shard carries.
        int quietOnHotShard = actual.get(hotShard) - HOT_USER_RECORDS;
        actual.forEach((shard, count) -> {
            if (!shard.equals(hotShard)) {
                assertThat(actual.get(hotShard))
                        .as("hot shard against " + shard)
                        .isGreaterThan(2 * count);
            }
        });

        System.out.printf(
                "hot partition: %d records, %d keys on %d shards; per shard %s; %s holds the hot user's %d"
                        + " + %d others = %.0f%% of the records on %.0f%% of the hash space%n",
                keys.size(),
                QUIET_USERS + 1,
                SHARDS,
                actual,
                hotShard,
                HOT_USER_RECORDS,
                quietOnHotShard,
                100.0 * actual.get(hotShard) / keys.size(),
                100.0 / SHARDS);
    }

    /**
     * Puts one record per key (in batches of at most 500, in order) and counts them by the shard
     * Kinesis chose; the hot user's records are also counted on their own.
     */
    private static Map<String, Integer> put(List<String> keys, Map<String, Integer> hotUserPerShard) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> batch = keys.subList(from, Math.min(from + 500, keys.size()));
            List<PutRecordsRequestEntry> entries = batch.stream()
                    .map(key -> PutRecordsRequestEntry.builder()
                            .partitionKey(key)
                            .data(SdkBytes.fromString("{\"userId\":\"" + key + "\"}", StandardCharsets.UTF_8))
                            .build())
                    .toList();
            var response = aws.kinesis().putRecords(b -> b.streamName(stream).records(entries));
            assertThat(response.failedRecordCount())
                    .as("records the emulator refused")
                    .isZero();
            for (int i = 0; i < batch.size(); i++) {
                PutRecordsResultEntry result = response.records().get(i);
                counts.merge(result.shardId(), 1, Integer::sum);
                if (batch.get(i).equals(HOT_USER)) {
                    hotUserPerShard.merge(result.shardId(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
