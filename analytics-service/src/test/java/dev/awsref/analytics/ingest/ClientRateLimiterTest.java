package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    // 100 events/s with a burst of 20: 20 permits per 200 ms period.
    private final ClientRateLimiter limiter = new ClientRateLimiter(100, 20);

    @Test
    void letsABurstThroughThenAsksTheClientToWait() {
        assertThat(limiter.tryAcquire("shop-1", 20)).isEmpty();

        assertThat(limiter.tryAcquire("shop-1", 5))
                .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200)));
    }

    @Test
    void refillsAtTheConfiguredRate() {
        limiter.tryAcquire("shop-1", 20);
        assertThat(limiter.tryAcquire("shop-1", 20)).isPresent();

        await().atMost(Duration.ofSeconds(2))
                .until(() -> limiter.tryAcquire("shop-1", 20).isEmpty());
        assertThat(limiter.tryAcquire("shop-1", 1)).isPresent();
    }

    @Test
    void limitsEachClientOnItsOwn() {
        limiter.tryAcquire("shop-1", 20);

        assertThat(limiter.tryAcquire("shop-2", 20)).isEmpty();
    }

    @Test
    void letsABatchLargerThanTheBurstThroughOnlyOnAFullLimiter() {
        assertThat(limiter.tryAcquire("shop-1", 50)).isEmpty();

        assertThat(limiter.tryAcquire("shop-1", 50))
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
