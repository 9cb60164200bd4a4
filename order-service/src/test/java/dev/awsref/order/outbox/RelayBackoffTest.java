package dev.awsref.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayBackoffTest {

    private final OutboxRelay relay = new OutboxRelay(
            null,
            null,
            null,
            new OutboxProperties(true, Duration.ofMillis(100), 10, Duration.ofSeconds(5), null, false, null),
            new SimpleMeterRegistry());

    @Test
    void theWaitAfterFailuresGrowsExponentiallyWithJitterUpToTheCap() {
        for (int failures = 1; failures <= 30; failures++) {
            long ceiling = Math.min(5000, 100L << Math.min(failures, 20));
            for (int draw = 0; draw < 50; draw++) {
                assertThat(relay.nextBackoff(failures).toMillis()).isBetween(1L, ceiling);
            }
        }
    }

    @Test
    void theWaitGrowsWithFailuresAndIsTheCapLongAfter() {
        long mostAfterOne = 0;
        long mostAfterFive = 0;
        for (int draw = 0; draw < 200; draw++) {
            mostAfterOne = Math.max(mostAfterOne, relay.nextBackoff(1).toMillis());
            mostAfterFive = Math.max(mostAfterFive, relay.nextBackoff(5).toMillis());
        }
        assertThat(mostAfterOne).isLessThanOrEqualTo(200);
        assertThat(mostAfterFive).isGreaterThan(200);
        assertThat(relay.nextBackoff(1000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(relay.nextBackoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theWaitIsRandomSoRelaysDoNotRetryInStep() {
        var waits = new java.util.HashSet<Long>();
        for (int draw = 0; draw < 50; draw++) {
            waits.add(relay.nextBackoff(6).toMillis());
        }
        assertThat(waits.size()).isGreaterThan(10);
    }
}
