package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.support.TestTopology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The two shards of the stream merged into one through the operations API while 50 users post:
 * one open shard is left, KCL finishes both parents before the child, and no event is lost or
 * reordered. Merging halves the write capacity (1 MB/s or 1,000 records/s per shard): the way to
 * save cost when traffic drops.
 */
class MergeUnderFlowIT extends ReshardUnderFlow {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-merge");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    MergeUnderFlowIT() {
        super(TOPOLOGY);
    }

    @Test
    void mergingTwoShardsWhileEventsFlowLosesAndReordersNothing() throws Exception {
        JsonNode view = reshardWhileEventsFlow("{\"action\":\"merge\",\"shardId\":\"shardId-000000000000\","
                + "\"adjacentShardId\":\"shardId-000000000001\"}");

        assertThat(view.get("openShards").intValue()).isEqualTo(1);
        awaitParentsReadToTheirEnd(List.of("shardId-000000000000", "shardId-000000000001"));
    }
}
