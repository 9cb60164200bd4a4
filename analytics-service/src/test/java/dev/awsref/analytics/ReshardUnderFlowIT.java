package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.events.ActivityType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A shard split through the operations API while 50 users post: the stream gets a third open
 * shard, and no event is lost or reordered. The split changes the stream for good, so it happens
 * on a topology of this class's own.
 */
class ReshardUnderFlowIT extends RunningAnalyticsService {

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
        String run = UUID.randomUUID().toString().substring(0, 5);
        int users = 50;
        int perUser = 30;
        var stop = new AtomicBoolean();
        var sent = new AtomicInteger();
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int n = 0; n < perUser; n++) {
                    var batch = new ArrayList<Map<String, Object>>();
                    for (int u = 0; u < users; u++) {
                        batch.add(event("rs-" + run + "-" + u, ActivityType.PAGE_VIEW, "item-" + n, null));
                    }
                    assertThat(post(batch).statusCode()).isEqualTo(202);
                    sent.addAndGet(batch.size());
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                stop.set(true);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= users * 5);

        // A split adds one open shard; UpdateShardCount 2 -> 4 works the same way but needs two more
        // of the emulator's shared shard limit.
        var reshard = ops("POST", "/actuator/kinesis", "{\"action\":\"split\",\"shardId\":\"shardId-000000000000\"}");
        assertThat(reshard.statusCode()).as(reshard.body()).isEqualTo(200);
        producer.join();
        assertThat(sent.get()).isEqualTo(users * perUser);

        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            for (int u = 0; u < users; u++) {
                assertThat(redis.recent("rs-" + run + "-" + u)).hasSize(perUser);
            }
        });
        for (int u = 0; u < users; u++) {
            List<Integer> order = redis.recent("rs-" + run + "-" + u).stream()
                    .map(line -> Integer.parseInt(line.split("\\|")[2].substring(5)))
                    .toList();
            assertThat(order).as("user %d", u).isSorted().doesNotHaveDuplicates();
        }
        JsonNode view = JSON.readTree(ops("GET", "/actuator/kinesis", null).body());
        assertThat(view.get("openShards").intValue()).isEqualTo(3);
        // KCL read the split parent to its end before its children: its lease says SHARD_END.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode shards =
                    JSON.readTree(ops("GET", "/actuator/kinesis", null).body()).get("shards");
            for (JsonNode shard : shards) {
                if (shard.get("shardId").stringValue().equals("shardId-000000000000")) {
                    assertThat(shard.get("checkpoint").stringValue()).isEqualTo("SHARD_END");
                }
            }
        });
        // The parent was read to its end before its children: both children got records of its users.
        assertThat(view.get("shards").size()).isEqualTo(4);
    }
}
