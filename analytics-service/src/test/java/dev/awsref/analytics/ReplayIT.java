package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.topology.ReferenceTopology;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A replay through the operations API: a second KCL application, with a lease table of its own,
 * reads the stream from TRIM_HORIZON into fresh Redis aggregates and rebuilds the live figures.
 * It adds a table and a reader to the stream, so it runs on a topology of this class's own.
 */
class ReplayIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-replay");

    @Autowired
    StringRedisTemplate redisTemplate;

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    ReplayIT() {
        super(TOPOLOGY);
    }

    /** Stops the replay (and deletes its lease table) if the test failed before it did. */
    @AfterAll
    void stopTheReplay() throws Exception {
        ops("DELETE", "/actuator/replay/rebuild", null);
    }

    @Test
    void aReplayFromTrimHorizonIntoAFreshApplicationRebuildsTheSameFigures() throws Exception {
        String user = "replay-" + UUID.randomUUID().toString().substring(0, 6);
        post(List.of(
                event(user, ActivityType.SEARCH, null, null),
                event(user, ActivityType.PAGE_VIEW, "r-1", null),
                event(user, ActivityType.CART_ADD, "r-1", null)));
        await().atMost(Duration.ofSeconds(90)).until(() -> redis.recent(user).size() == 3);

        var started = ops("POST", "/actuator/replay", "{\"name\":\"rebuild\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String namespace = JSON.readTree(started.body()).get("redisNamespace").stringValue();
        var rebuilt = new RedisAggregates(redisTemplate, namespace, 1000, Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(rebuilt.counters(user)).isEqualTo(redis.counters(user)));
        assertThat(rebuilt.recent(user)).isEqualTo(redis.recent(user));
        // The replay's lease table is a run-time table the model declares; stopping deletes it.
        String leaseTable = prefix() + "-" + ReferenceTopology.ANALYTICS_REPLAY_TABLES + "rebuild";
        assertThat(JSON.readTree(started.body()).get("application").stringValue())
                .isEqualTo(leaseTable);
        var stopped = ops("DELETE", "/actuator/replay/rebuild", null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stopped.body()).get("leaseTableDeleted").booleanValue())
                .isTrue();
        // DeleteTable is asynchronous: the table is DELETING for a moment, then gone.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThatThrownBy(
                                () -> aws().dynamoDb().describeTable(b -> b.tableName(leaseTable)))
                        .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class));
    }
}
