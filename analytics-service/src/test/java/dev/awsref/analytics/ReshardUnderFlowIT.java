package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.support.TestTopology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A shard split through the operations API while 50 users post: the stream gets a third open
 * shard, and no event is lost or reordered.
 */
class ReshardUnderFlowIT extends ReshardUnderFlow {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-reshard");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    ReshardUnderFlowIT() {
        super(TOPOLOGY);
    }

    @Test
    void splittingAShardWhileEventsFlowLosesAndReordersNothing() throws Exception {
        JsonNode view = reshardWhileEventsFlow("{\"action\":\"split\",\"shardId\":\"shardId-000000000000\"}");

        assertThat(view.get("openShards").intValue()).isEqualTo(3);
        awaitParentsReadToTheirEnd(List.of("shardId-000000000000"));
        // The split parent and its two children, and the untouched second shard.
        assertThat(view.get("shards").size()).isEqualTo(4);
    }
}
