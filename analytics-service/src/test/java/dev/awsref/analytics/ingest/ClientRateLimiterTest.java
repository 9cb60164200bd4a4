package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    // 100 events/s with a burst of 20: 20 permits per 200 ms period.
    private final ClientRateLimiter limiter = new ClientRateLimiter(100, 20);

    // 1 event/s with a burst of 20: a 20 s period, so no refill can land between two calls even on
    // a machine that stalls this thread for a while (the 200 ms period above can).
    private final ClientRateLimiter slowLimiter = new ClientRateLimiter(1, 20);

    @Test
    void letsABurstThroughThenAsksTheClientToWait() {
        assertThat(slowLimiter.tryAcquire("shop-1", 20)).isEmpty();

        assertThat(slowLimiter.tryAcquire("shop-1", 5))
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    void refillsAtTheConfiguredRate() {
        limiter.tryAcquire("shop-1", 20);

        await().atMost(Duration.ofSeconds(2))
                .until(() -> limiter.tryAcquire("shop-1", 20).isEmpty());
    }

    @Test
    void limitsEachClientOnItsOwn() {
        slowLimiter.tryAcquire("shop-1", 20);

        assertThat(slowLimiter.tryAcquire("shop-1", 1)).isPresent();
        assertThat(slowLimiter.tryAcquire("shop-2", 20)).isEmpty();
    }

    @Test
    void letsABatchLargerThanTheBurstThroughOnlyOnAFullLimiter() {
        assertThat(slowLimiter.tryAcquire("shop-1", 50)).isEmpty();

        assertThat(slowLimiter.tryAcquire("shop-1", 50))
                .hasValueSatisfying(wait -> assertThat(wait).isPositive());
    }

    @Test
    void dropsLimitersOfClientsThatWentQuiet() {
        for (int i = 0; i < 50; i++) {
            limiter.tryAcquire("shop-" + i, 1);
        }
        assertThat(limiter.clients()).isEqualTo(50);

        await().atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    limiter.tryAcquire("shop-0", 1);
                    return limiter.clients() == 1;
                });
    }
}
