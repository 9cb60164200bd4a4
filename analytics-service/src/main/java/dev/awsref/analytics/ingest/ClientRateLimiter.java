package dev.awsref.analytics.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client: {@code ratePerSecond} events refill it, {@code burst} is its size. One
 * instance per service process; behind a load balancer each instance limits on its own, which is
 * the usual trade for not needing a shared store on the hot path.
 */
final class ClientRateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(double ratePerSecond, double burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /** Empty when the client may post {@code events} now; else how long until it may. */
    java.util.Optional<Duration> tryAcquire(String client, int events, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.updated) / 1e9 * ratePerSecond);
            bucket.updated = nowNanos;
            if (events > burst || bucket.tokens >= events) {
                // A request larger than the burst can never fit; let it through on a full bucket.
                if (events > burst && bucket.tokens < burst) {
                    return java.util.Optional.of(wait(burst - bucket.tokens));
                }
                bucket.tokens -= Math.min(events, bucket.tokens);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(wait(events - bucket.tokens));
        }
    }

    private Duration wait(double missingTokens) {
        return Duration.ofMillis((long) Math.ceil(missingTokens / ratePerSecond * 1000));
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
