package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.support.TestTopology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * UpdateShardCount from 2 down to 1 (halving, the most AWS allows in one call downwards) through
 * the operations API while 50 users post: Kinesis merges the two shards, one open shard is left,
 * both originals are read to their end before the child, and no event is lost or reordered. This
 * is the scale-in step after a traffic peak; each call is one of the 10 UpdateShardCount calls a
 * stream may have in a rolling 24 hours.
 */
class HalvingShardCountUnderFlowIT extends ReshardUnderFlow {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-halve");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    HalvingShardCountUnderFlowIT() {
        super(TOPOLOGY);
    }

    @Test
    void halvingTheShardCountWhileEventsFlowLosesAndReordersNothing() throws Exception {
        JsonNode view = reshardWhileEventsFlow("{\"action\":\"update-shard-count\",\"targetShardCount\":1}");

        assertThat(view.get("openShards").intValue()).isEqualTo(1);
        awaitParentsReadToTheirEnd(List.of("shardId-000000000000", "shardId-000000000001"));
    }
}
