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
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A reshard through the operations API while 50 users post 30 events each: every event arrives,
 * each user's in the order posted. Resharding changes the stream for good, so each subclass
 * provisions a topology of its own.
 */
abstract class ReshardUnderFlow extends RunningAnalyticsService {

    private static final int USERS = 50;
    private static final int PER_USER = 30;

    ReshardUnderFlow(TestTopology topology) {
        super(topology);
    }

    /**
     * Starts the flow, sends {@code reshardRequest} to {@code POST /actuator/kinesis} once a sixth of
     * it is out, and returns the stream view once every event has been counted in order.
     */
    protected JsonNode reshardWhileEventsFlow(String reshardRequest) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 5);
        var sent = new AtomicInteger();
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int n = 0; n < PER_USER; n++) {
                    var batch = new ArrayList<Map<String, Object>>();
                    for (int u = 0; u < USERS; u++) {
                        batch.add(event(user(run, u), ActivityType.PAGE_VIEW, "item-" + n, null));
                    }
                    assertThat(post(batch).statusCode()).isEqualTo(202);
                    sent.addAndGet(batch.size());
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= USERS * 5);

        var reshard = ops("POST", "/actuator/kinesis", reshardRequest);
        assertThat(reshard.statusCode()).as(reshard.body()).isEqualTo(200);
        producer.join();
        assertThat(sent.get()).isEqualTo(USERS * PER_USER);

        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            for (int u = 0; u < USERS; u++) {
                assertThat(redis.recent(user(run, u)))
                        .as("events of user %d", u)
                        .hasSize(PER_USER);
            }
        });
        for (int u = 0; u < USERS; u++) {
            List<Integer> order = redis.recent(user(run, u)).stream()
                    .map(line -> Integer.parseInt(line.split("\\|")[2].substring(5)))
                    .toList();
            assertThat(order).as("user %d", u).isSorted().doesNotHaveDuplicates();
        }
        return kinesisView();
    }

    protected JsonNode kinesisView() throws Exception {
        return JSON.readTree(ops("GET", "/actuator/kinesis", null).body());
    }

    /** KCL read each closed parent to its end before its children: their leases say SHARD_END. */
    protected void awaitParentsReadToTheirEnd(List<String> parents) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (JsonNode shard : kinesisView().get("shards")) {
                if (parents.contains(shard.get("shardId").stringValue())) {
                    assertThat(shard.get("checkpoint").stringValue())
                            .as("lease of %s", shard.get("shardId"))
                            .isEqualTo("SHARD_END");
                }
            }
        });
    }

    private static String user(String run, int u) {
        return "rs-" + run + "-" + u;
    }
}
