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
                assertThat(relay.nextBackoff(failures).toMillis()).isBetween(100L, ceiling);
            }
        }
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
