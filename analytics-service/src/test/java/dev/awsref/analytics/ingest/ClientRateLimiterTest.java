package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final ClientRateLimiter limiter = new ClientRateLimiter(100, 200);

    @Test
    void letsABurstThroughThenAsksTheClientToWait() {
        assertThat(limiter.tryAcquire("shop-1", 200, 0)).isEmpty();

        assertThat(limiter.tryAcquire("shop-1", 50, 0)).contains(Duration.ofMillis(500));
    }

    @Test
    void refillsAtTheConfiguredRate() {
        limiter.tryAcquire("shop-1", 200, 0);

        assertThat(limiter.tryAcquire("shop-1", 100, SECOND)).isEmpty();
        assertThat(limiter.tryAcquire("shop-1", 1, SECOND)).isPresent();
    }

    @Test
    void limitsEachClientOnItsOwn() {
        limiter.tryAcquire("shop-1", 200, 0);

        assertThat(limiter.tryAcquire("shop-2", 200, 0)).isEmpty();
    }

    @Test
    void letsABatchLargerThanTheBurstThroughOnlyOnAFullBucket() {
        assertThat(limiter.tryAcquire("shop-1", 500, 0)).isEmpty();

        assertThat(limiter.tryAcquire("shop-1", 500, SECOND)).contains(Duration.ofSeconds(1));
    }
}
