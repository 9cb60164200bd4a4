package dev.awsref.analytics.ingest;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Resilience4j {@link RateLimiter} per client: {@code burst} events per period of {@code burst /
 * ratePerSecond} seconds, so a client may post a burst at once and {@code ratePerSecond} on average.
 * One instance per service process; behind a load balancer each instance limits on its own, which
 * is the usual trade for not needing a shared store on the hot path.
 *
 * <p>Limiters are dropped once idle for longer than a period: such a limiter has all its permits
 * back, so a fresh one behaves the same, and the registry holds only recently active clients.
 */
final class ClientRateLimiter {

    private final RateLimiterRegistry registry;
    private final int limitForPeriod;
    private final long periodNanos;
    private final Map<String, Long> lastUsed = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    ClientRateLimiter(double ratePerSecond, double burst) {
        this.limitForPeriod = (int) Math.max(1, Math.round(burst));
        this.periodNanos = Math.max(1_000_000L, Math.round(limitForPeriod / ratePerSecond * 1e9));
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                .timeoutDuration(Duration.ZERO)
                .build());
        this.nextSweep = new AtomicLong(System.nanoTime() + periodNanos);
    }

    /** Empty when the client may post {@code events} now; else how long until it may. */
    Optional<Duration> tryAcquire(String client, int events) {
        long now = System.nanoTime();
        evictIdle(now);
        lastUsed.put(client, now);
        RateLimiter limiter = registry.rateLimiter(client);
        // A batch larger than the burst can never fit; let it through on a full limiter.
        int permits = Math.max(1, Math.min(events, limitForPeriod));
        if (limiter.acquirePermission(permits)) {
            return Optional.empty();
        }
        return Optional.of(waitFor(limiter));
    }

    /** Number of client limiters currently held. */
    int clients() {
        return registry.getAllRateLimiters().size();
    }

    private Duration waitFor(RateLimiter limiter) {
        // No permits left: the limiter knows when the next period starts. Some left, but fewer than
        // the batch: the next period (which refills all of them) starts within one period.
        if (limiter instanceof AtomicRateLimiter atomic) {
            long nanos = atomic.getDetailedMetrics().getNanosToWait();
            if (nanos > 0) {
                return Duration.ofNanos(nanos);
            }
        }
        return Duration.ofNanos(periodNanos);
    }

    private void evictIdle(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + periodNanos)) {
            return;
        }
        lastUsed.forEach((client, used) -> {
            if (now - used > periodNanos && lastUsed.remove(client, used)) {
                registry.remove(client);
            }
        });
    }
}
