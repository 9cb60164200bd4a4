package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.support.TestTopology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * UpdateShardCount from 2 to 4 (uniform scaling, the most AWS allows in one call: double) through
 * the operations API while 50 users post: four open shards, both original shards read to their end
 * before their children, and no event lost or reordered.
 */
class UpdateShardCountUnderFlowIT extends ReshardUnderFlow {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-scale");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    UpdateShardCountUnderFlowIT() {
        super(TOPOLOGY);
    }

    @Test
    void doublingTheShardCountWhileEventsFlowLosesAndReordersNothing() throws Exception {
        JsonNode view = reshardWhileEventsFlow("{\"action\":\"update-shard-count\",\"targetShardCount\":4}");

        assertThat(view.get("openShards").intValue()).isEqualTo(4);
        awaitParentsReadToTheirEnd(List.of("shardId-000000000000", "shardId-000000000001"));
    }
}
