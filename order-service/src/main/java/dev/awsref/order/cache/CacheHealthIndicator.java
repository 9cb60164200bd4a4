package dev.awsref.order.cache;

import dev.awsref.order.resilience.Guarded;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the cache as {@code DEGRADED} when its engine does not answer, never {@code DOWN}: reads
 * then come from PostgreSQL, so the service stays ready. {@code DEGRADED} is not in the health
 * status order, so it does not change the aggregate status (it sorts after UP). Absent when the
 * cache is switched off ({@code app.cache.engine=none}): {@link CacheConfiguration} makes it, as
 * {@code cache}, only when there is an engine.
 */
public class CacheHealthIndicator implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "cache unreachable: reads go to PostgreSQL");

    private final CacheStore store;
    private final Guarded guarded;

    public CacheHealthIndicator(CacheStore store, Guarded guarded) {
        this.store = store;
        this.guarded = guarded;
    }

    @Override
    public Health health() {
        CircuitBreaker.State breaker = guarded.state(store.engine());
        if (breaker == CircuitBreaker.State.OPEN || breaker == CircuitBreaker.State.FORCED_OPEN) {
            return Health.status(DEGRADED)
                    .withDetail("engine", store.engine())
                    .withDetail("circuitBreaker", breaker)
                    .build();
        }
        try {
            String pong = store.ping();
            return Health.up()
                    .withDetail("engine", store.engine())
                    .withDetail("ping", pong)
                    .withDetail("circuitBreaker", breaker)
                    .build();
        } catch (RuntimeException unreachable) {
            return Health.status(DEGRADED)
                    .withDetail("engine", store.engine())
                    .withDetail("circuitBreaker", breaker)
                    .withDetail("error", unreachable.getClass().getSimpleName())
                    .build();
        }
    }
}
