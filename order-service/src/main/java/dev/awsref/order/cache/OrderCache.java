package dev.awsref.order.cache;

import dev.awsref.defaults.metrics.SystemMetric;
import dev.awsref.order.resilience.Guarded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cache-aside in Redis (ElastiCache in AWS) for single-order reads: look in Redis, on a miss read
 * PostgreSQL and store the answer with a TTL; every change deletes the entry after its transaction
 * commits. Redis is an optimisation, never a dependency: every Redis failure is counted and
 * swallowed, and the caller reads PostgreSQL. Calls go through the {@code redis} circuit breaker,
 * so a Redis outage costs one fast rejection per read instead of a timeout.
 *
 * <p>Metrics: {@code order.cache.requests{result=hit|miss|error}}.
 */
@Component
public class OrderCache {

    private static final Logger log = LoggerFactory.getLogger(OrderCache.class);
    /** The version in the key lets a new release change the cached shape without reading old entries. */
    static final String KEY_PREFIX = "order:v1:";

    private final StringRedisTemplate redis;
    private final Guarded guarded;
    private final JsonMapper json;
    private final Duration ttl;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;

    public OrderCache(
            StringRedisTemplate redis,
            Guarded guarded,
            JsonMapper json,
            @Value("${app.cache.order-ttl:10m}") Duration ttl,
            MeterRegistry meters) {
        this.redis = redis;
        this.guarded = guarded;
        this.json = json;
        this.ttl = ttl;
        this.hits = counter(meters, "hit");
        this.misses = counter(meters, "miss");
        this.errors = counter(meters, "error");
    }

    private static Counter counter(MeterRegistry meters, String result) {
        return Counter.builder(SystemMetric.ORDER_CACHE_REQUESTS.meterName())
                .description("single-order reads by cache outcome")
                .tag("cache", "orders")
                .tag("result", result)
                .register(meters);
    }

    /** The cached value, or the loader's, which is then cached. */
    public <T> Optional<T> getOrLoad(UUID id, Class<T> type, Supplier<Optional<T>> loader) {
        Optional<T> cached = read(id, type);
        if (cached.isPresent()) {
            hits.increment();
            return cached;
        }
        Optional<T> loaded = loader.get();
        loaded.ifPresent(value -> write(id, value));
        return loaded;
    }

    private <T> Optional<T> read(UUID id, Class<T> type) {
        try {
            String value = guarded.call("redis", () -> redis.opsForValue().get(KEY_PREFIX + id));
            if (value == null) {
                misses.increment();
                return Optional.empty();
            }
            return Optional.of(json.readValue(value, type));
        } catch (RuntimeException unavailable) {
            errors.increment();
            log.debug("order cache read failed, reading PostgreSQL: {}", unavailable.toString());
            return Optional.empty();
        }
    }

    private void write(UUID id, Object value) {
        try {
            String text = json.writeValueAsString(value);
            guarded.run("redis", () -> redis.opsForValue().set(KEY_PREFIX + id, text, ttl));
        } catch (RuntimeException unavailable) {
            errors.increment();
            log.debug("order cache write failed: {}", unavailable.toString());
        }
    }

    /** Deletes the entry. A failed delete leaves a stale entry for at most the TTL; it is logged. */
    public void evict(UUID id) {
        try {
            guarded.run("redis", () -> redis.delete(KEY_PREFIX + id));
        } catch (RuntimeException unavailable) {
            errors.increment();
            log.warn(
                    "order cache evict of {} failed; a stale entry may live up to {}: {}",
                    id,
                    ttl,
                    unavailable.toString());
        }
    }
}
