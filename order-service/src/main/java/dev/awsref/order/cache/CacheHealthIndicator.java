package dev.awsref.order.cache;

import dev.awsref.order.resilience.Guarded;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reports the cache as {@code DEGRADED} when Redis does not answer, never {@code DOWN}: reads
 * then come from PostgreSQL, so the service stays ready. {@code DEGRADED} is not in the health
 * status order, so it does not change the aggregate status (it sorts after UP).
 */
@Component("cache")
public class CacheHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable: reads go to PostgreSQL");

    private final StringRedisTemplate redis;
    private final Guarded guarded;

    public CacheHealthIndicator(StringRedisTemplate redis, Guarded guarded) {
        this.redis = redis;
        this.guarded = guarded;
    }

    @Override
    public Health health() {
        CircuitBreaker.State breaker = guarded.state("redis");
        if (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN) {
            return Health.status(DEGRADED).withDetail("circuitBreaker", breaker).build();
        }
        try {
            String pong = redis.execute(connection -> connection.ping(), true);
            return Health.up()
                    .withDetail("ping", pong)
                    .withDetail("circuitBreaker", breaker)
                    .build();
        } catch (RuntimeException unreachable) {
            return Health.status(DEGRADED)
                    .withDetail("circuitBreaker", breaker)
                    .withDetail("error", unreachable.getClass().getSimpleName())
                    .build();
        }
    }
}
