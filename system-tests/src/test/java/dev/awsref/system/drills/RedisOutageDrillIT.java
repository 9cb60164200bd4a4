package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.AnalyticsApi;
import dev.awsref.system.support.Drill;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.SystemTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis unreachable (a TCP gate in front of the shared Redis is cut; Redis itself keeps running):
 * order-service still serves orders from PostgreSQL, and analytics-service, whose consumer cannot
 * store its aggregates, resumes from its checkpoint once Redis is back and counts each event once.
 */
class RedisOutageDrillIT extends SystemTest {

    private static final int ORDERS = 5;
    private static final int EVENTS = 10;

    @AfterEach
    void redisIsReachableAgain() throws Exception {
        system.redisGate().open();
    }

    @Test
    void ordersAreServedWhileRedisIsDownAndAnalyticsCountsEachEventOnceWhenItIsBack() throws Exception {
        String user = "redis-drill-" + UUID.randomUUID().toString().substring(0, 8);
        AnalyticsApi analytics = system.analyticsAs(user);
        system.redisGate().cut();

        List<String> orders = Orders.placeBurst(system.orders(), "redis-drill", ORDERS);
        var served = new HashSet<String>();
        for (String id : orders) {
            var read = system.orders().get(id);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            served.add(read.json().get("id").asString());
        }
        String events = IntStream.range(0, EVENTS)
                .mapToObj(i -> """
                        {"userId":"%s","type":"PAGE_VIEW","itemId":"item-%d"}""".formatted(user, i))
                .collect(Collectors.joining(",", "[", "]"));
        var accepted = analytics.record(events);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        await("analytics unable to read its aggregates while Redis is cut")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !answersOk(analytics, user));
        // Keep Redis away for several of the consumer's reads (every 200 ms in the local profile),
        // so the records reach a consumer that cannot store them.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);

        system.redisGate().open();

        await("analytics counting the events recorded while Redis was down")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> total(analytics, user) >= EVENTS);
        assertThat(total(analytics, user)).as("each event counted once").isEqualTo(EVENTS);

        var injected = new ArrayList<>(orders);
        var seen = new HashSet<>(served);
        IntStream.range(0, EVENTS).forEach(i -> injected.add("event-" + i));
        IntStream.range(0, (int) Math.min(EVENTS, total(analytics, user))).forEach(i -> seen.add("event-" + i));
        var drill = Drill.of("redis-unreachable", injected, seen).print();
        assertThat(drill.lost()).isZero();
    }

    private static boolean answersOk(AnalyticsApi analytics, String user) {
        try {
            return analytics.activityOf(user).status() == 200;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    private static long total(AnalyticsApi analytics, String user) {
        return analytics.activityOf(user).json().path("counters").path("total").asLong(0);
    }
}
