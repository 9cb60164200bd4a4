package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.aws.ProducerKinesisClientCustomizer;
import dev.awsref.analytics.drill.KinesisThrottlingInjector;
import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.events.ActivityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Kinesis throttling drill: while events of several users are posted over HTTP, a quarter of
 * the producer's PutRecords calls are refused as throttled and a fifth of the entries of the rest
 * come back failed ({@link KinesisThrottlingInjector}, an SDK interceptor on the producer's client
 * only; the stream itself is the emulator's). Every accepted event must still be aggregated once,
 * in each user's order. Prints {@code DRILL kinesis-throttled injected=<failed calls + failed
 * entries> observed=<events aggregated> lost=<accepted - aggregated>}.
 */
class KinesisThrottlingDrillIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-throttle");

    static final int USERS = 8;
    static final int EVENTS_PER_USER = 30;
    /** Two events of each user per POST, so a batch holds a user's next event behind a failed one. */
    static final int EVENTS_PER_USER_PER_POST = 2;

    @TestConfiguration(proxyBeanMethods = false)
    static class FaultInjection {

        @Bean
        KinesisThrottlingInjector kinesisThrottlingInjector() {
            return new KinesisThrottlingInjector(0.25, 0.2);
        }

        @Bean
        ProducerKinesisClientCustomizer injectThrottling(KinesisThrottlingInjector injector) {
            return configuration -> configuration.addExecutionInterceptor(injector);
        }
    }

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    @Autowired
    KinesisThrottlingInjector injector;

    KinesisThrottlingDrillIT() {
        super(TOPOLOGY);
    }

    @Test
    void everyAcceptedEventIsAggregatedOnceAndInItsUsersOrderWhileKinesisThrottlesTheProducer() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        var users = new ArrayList<String>();
        for (int u = 0; u < USERS; u++) {
            users.add("throttled-" + run + "-" + u);
        }
        Instant start = Instant.parse("2026-03-01T08:00:00Z");

        injector.start();
        int accepted = 0;
        try {
            for (int n = 0; n < EVENTS_PER_USER; n += EVENTS_PER_USER_PER_POST) {
                var batch = new ArrayList<Map<String, Object>>();
                for (String user : users) {
                    for (int k = n; k < n + EVENTS_PER_USER_PER_POST; k++) {
                        batch.add(event(
                                user,
                                ActivityType.PAGE_VIEW,
                                item(k),
                                start.plusSeconds(k).toString()));
                    }
                }
                var response = post(batch);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                accepted += batch.size();
            }
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> aggregated(users) >= USERS * EVENTS_PER_USER);
        } finally {
            injector.stop();
        }

        int observed = aggregated(users);
        int injected = injector.failedCalls() + injector.failedRecords();
        int lost = accepted - observed;
        System.out.printf(
                "DRILL %-40s injected=%d observed=%d lost=%d%n", "kinesis-throttled", injected, observed, lost);
        System.out.printf(
                "  %d PutRecords calls, %d refused whole, %d entries failed inside successful calls;"
                        + " producer retried %.0f records, dropped %.0f%n",
                injector.calls(),
                injector.failedCalls(),
                injector.failedRecords(),
                producerCount("analytics.producer.records.retried"),
                producerCount("analytics.producer.records.dropped"));

        assertThat(injector.failedCalls()).as("whole calls refused").isPositive();
        assertThat(injector.failedRecords())
                .as("entries failed inside successful calls")
                .isPositive();
        assertThat(lost).isZero();
        assertThat(producerCount("analytics.producer.records.dropped")).isZero();
        assertThat(producerCount("analytics.producer.records.retried")).isGreaterThanOrEqualTo(injected);
        // Each event went into the stream once: the consumer skips an event id it has seen (a
        // retried record that had in fact been stored), and would count it here.
        assertThat(producerCount("analytics.producer.records.sent")).isEqualTo(accepted);
        assertThat(meters.get("analytics.consumer.events.duplicate").counter().count())
                .isZero();
        var expectedOrder = new ArrayList<String>();
        for (int k = 0; k < EVENTS_PER_USER; k++) {
            expectedOrder.add(item(k));
        }
        for (String user : users) {
            assertThat(redis.counters(user))
                    .as("counters of %s", user)
                    .containsEntry("total", Integer.toString(EVENTS_PER_USER))
                    .containsEntry("PAGE_VIEW", Integer.toString(EVENTS_PER_USER));
            assertThat(itemsInArrivalOrder(user))
                    .as("%s's events as the consumer applied them", user)
                    .containsExactlyElementsOf(expectedOrder);
        }
    }

    private static String item(int k) {
        return "page-%03d".formatted(k);
    }

    private int aggregated(List<String> users) {
        return users.stream()
                .mapToInt(u -> Integer.parseInt(redis.counters(u).getOrDefault("total", "0")))
                .sum();
    }

    /** The user's recent list, appended to as each record is applied: occurredAt|type|item|eventId. */
    private List<String> itemsInArrivalOrder(String user) {
        return redis.recent(user).stream().map(entry -> entry.split("\\|")[2]).toList();
    }

    private double producerCount(String meter) {
        return meters.get(meter).counter().count();
    }
}
