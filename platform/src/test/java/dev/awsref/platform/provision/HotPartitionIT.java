package dev.awsref.platform.provision;

import static dev.awsref.platform.topology.ReferenceTopology.USER_ACTIVITY_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Kinesis puts a record on the shard whose hash-key range holds MD5(partition key), and a shard
 * takes 1 MB/s or 1,000 records/s. With the user id as the key, many users spread over the shards;
 * one very busy user (a bot) still sends everything to a single shard: a hot partition, which no
 * amount of extra shards relieves. This counts where PutRecords says each record went.
 */
@AwsEmulators
class HotPartitionIT {

    private static final int USERS = 200;
    private static final int HOT_USER_RECORDS = 200;

    private static AwsClients aws;
    private static EphemeralTopology provisioned;

    @BeforeAll
    static void provisionTheStream(AwsTestEnvironment environment) {
        aws = new AwsClients(ReferenceTopologyIT.endpointsOf(environment));
        provisioned = EphemeralTopology.provision(aws, ReferenceTopology.definition(), "hot");
    }

    @AfterAll
    static void deleteTheTopologyAndCloseClients() {
        provisioned.close();
        aws.close();
    }

    @Test
    void userIdKeysSpreadOverTheShardsButOneBusyUserLandsEntirelyOnOne() {
        int shards = ReferenceTopology.definition().streams().stream()
                .filter(s -> s.name().equals(USER_ACTIVITY_STREAM))
                .findFirst()
                .orElseThrow()
                .shardCount();

        Map<String, Integer> manyUsers = perShardCounts(
                IntStream.range(0, USERS).mapToObj(i -> "user-" + i).toList());
        Map<String, Integer> hotUser = perShardCounts(
                IntStream.range(0, HOT_USER_RECORDS).mapToObj(i -> "bot-1").toList());

        // Many keys: every shard carries a fair share (MD5 spreads them; none gets under half of an even split).
        assertThat(manyUsers).hasSize(shards);
        assertThat(manyUsers.values()).allSatisfy(count -> assertThat(count).isGreaterThan(USERS / shards / 2));
        // One skewed key: all of its records on one shard, the other shards get nothing of it.
        assertThat(hotUser).hasSize(1);
        assertThat(hotUser.values()).containsExactly(HOT_USER_RECORDS);
    }

    /** Puts one record per partition key given (in batches of at most 500) and counts them by the shard Kinesis chose. */
    private static Map<String, Integer> perShardCounts(List<String> partitionKeys) {
        String stream = provisioned.names().physical(USER_ACTIVITY_STREAM);
        Map<String, Integer> counts = new TreeMap<>();
        for (int from = 0; from < partitionKeys.size(); from += 500) {
            List<PutRecordsRequestEntry> entries = new ArrayList<>();
            for (String key : partitionKeys.subList(from, Math.min(from + 500, partitionKeys.size()))) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(key)
                        .data(SdkBytes.fromString("{\"userId\":\"" + key + "\"}", StandardCharsets.UTF_8))
                        .build());
            }
            var response = aws.kinesis().putRecords(b -> b.streamName(stream).records(entries));
            assertThat(response.failedRecordCount())
                    .as("records the emulator refused")
                    .isZero();
            for (PutRecordsResultEntry result : response.records()) {
                counts.merge(result.shardId(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
