package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.support.DisposableRedisServer;
import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.provision.Provisioner;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The disaster-recovery drill that runs here: analytics loses Redis and DynamoDB entirely, then
 * rebuilds every figure from the stream. Redis is a redis-server of this test's own, killed and
 * started empty (never the shared one); DynamoDB loses every table of this class's topology, the
 * daily table and the KCL lease table with its checkpoints. Recovery is the ordinary start-up path:
 * the provisioner recreates the tables from the model, and the consumer, finding no leases, starts
 * every shard at TRIM_HORIZON ({@code analytics.consumer.initial-position}) and applies the whole
 * stream again. Only what the stream still holds comes back: its retention (24 h here, up to 365
 * days) is this rebuild's recovery point.
 */
class DisasterRecoveryDrillIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-dr");
    static final DisposableRedisServer REDIS = DisposableRedisServer.startOnAFreePort();

    private static final int USERS = 20;
    private static final int EVENTS_PER_USER = 15;
    /** Three past days, so the daily items and both indexes have several days to rebuild. */
    private static final List<Instant> DAYS = List.of(
            Instant.parse("2026-11-26T09:00:00Z"),
            Instant.parse("2026-11-27T09:00:00Z"),
            Instant.parse("2026-11-28T09:00:00Z"));

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
        // After the topology's: this class's own Redis replaces the shared one.
        registry.add("spring.data.redis.host", REDIS::host);
        registry.add("spring.data.redis.port", REDIS::port);
    }

    DisasterRecoveryDrillIT() {
        super(TOPOLOGY);
    }

    @AfterAll
    void stopTheOwnRedis() {
        REDIS.close();
    }

    @Test
    void afterLosingRedisAndDynamoDbEntirelyAReplayOfTheStreamRebuildsEveryFigure() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 5);
        List<String> users = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            users.add("dr-" + run + "-" + u);
        }
        ActivityType[] types = ActivityType.values();
        for (int n = 0; n < EVENTS_PER_USER; n++) {
            var batch = new ArrayList<Map<String, Object>>();
            for (int u = 0; u < USERS; u++) {
                Instant at = DAYS.get((u + n) % DAYS.size()).plusSeconds(n);
                batch.add(event(users.get(u), types[(u * 7 + n) % types.length], "item-" + (n % 4), at.toString()));
            }
            assertThat(post(batch).statusCode()).isEqualTo(202);
        }
        int injected = USERS * EVENTS_PER_USER;
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(users)
                        .allSatisfy(user -> assertThat(redis.recent(user)).hasSize(EVENTS_PER_USER)));
        Map<String, Object> before = figures(users);
        // Not a comparison of empty stores: every day has its daily items before the loss.
        DAYS.forEach(day -> assertThat((List<?>) before.get("active on " + DailyActivityTable.dayOf(day)))
                .as("users active on %s before the loss", day)
                .isNotEmpty());

        loseRedisAndDynamoDb();
        assertThat(redis.counters(users.get(0))).as("Redis after the loss").isEmpty();
        assertThat(daily.usersActiveOn(DailyActivityTable.dayOf(DAYS.get(0)), 100))
                .as("daily table after the loss")
                .isEmpty();

        consumer.start(); // no leases: every shard from TRIM_HORIZON
        // Every comparison is a few hundred reads: poll gently, the emulators serve other tests too.
        // A timeout is not the verdict: the figures are compared and printed below either way.
        try {
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> figures(users).equals(before));
        } catch (ConditionTimeoutException notLevelYet) {
            // reported by the comparison
        }
        Map<String, Object> rebuilt = figures(users);
        long mismatched = before.keySet().stream()
                .filter(key -> !before.get(key).equals(rebuilt.get(key)))
                .count();
        long rebuiltEvents =
                users.stream().mapToLong(u -> redis.recent(u).size()).sum();

        System.out.printf(
                "disaster-recovery drill: %d events of %d users injected; Redis and DynamoDB lost;"
                        + " %d events rebuilt from the stream; %d figures compared, %d mismatched%n",
                injected, USERS, rebuiltEvents, before.size(), mismatched);
        assertThat(rebuiltEvents).isEqualTo(injected);
        assertThat(rebuilt).isEqualTo(before);
        assertThat(mismatched).isZero();
    }

    /**
     * Every figure analytics serves for these users: counters and recent events (Redis), each
     * daily item, both index queries (DynamoDB) and the item leaderboards.
     */
    private Map<String, Object> figures(List<String> users) {
        var figures = new LinkedHashMap<String, Object>();
        for (String user : users) {
            figures.put("counters " + user, redis.counters(user));
            figures.put("recent " + user, redis.recent(user));
            figures.put("busiest days " + user, daily.busiestDays(user, 10));
            for (Instant day : DAYS) {
                String d = DailyActivityTable.dayOf(day);
                figures.put("daily " + user + " " + d, daily.get(user, d));
            }
        }
        for (Instant day : DAYS) {
            String d = DailyActivityTable.dayOf(day);
            figures.put("active on " + d, daily.usersActiveOn(d, 100));
        }
        figures.put("top items", redis.topItems(null, 10));
        for (ActivityType type : ActivityType.values()) {
            figures.put("top items " + type, redis.topItems(type.name(), 10));
        }
        return figures;
    }

    /**
     * Stops the consumer (it would otherwise fail against the missing stores), kills Redis and
     * starts it empty, deletes every DynamoDB table of the topology, and recreates them from the
     * model as a fresh deployment would.
     */
    private void loseRedisAndDynamoDb() {
        consumer.stop();
        REDIS.lose();
        REDIS.start();
        var names = new ResourceNames(prefix());
        var tables = aws().dynamoDb().listTables().tableNames().stream()
                .filter(t -> t.startsWith(prefix() + "-"))
                .toList();
        assertThat(tables)
                .contains(
                        names.physical(ReferenceTopology.USER_ACTIVITY_DAILY_TABLE),
                        names.physical(ReferenceTopology.ANALYTICS_KCL_APPLICATION));
        tables.forEach(t -> aws().dynamoDb().deleteTable(b -> b.tableName(t)));
        await().atMost(Duration.ofSeconds(60)).until(() -> tables.stream().noneMatch(this::tableExists));
        new Provisioner(aws(), names, new PrintStream(OutputStream.nullOutputStream()))
                .provision(ReferenceTopology.definition());
    }

    private boolean tableExists(String table) {
        try {
            aws().dynamoDb().describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
