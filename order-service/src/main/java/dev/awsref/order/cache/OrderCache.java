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
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cache-aside for single-order reads, on Redis or Memcached (ElastiCache in AWS; the engine is
 * {@code app.cache.engine}, see {@link CacheProperties}): look in the cache, on a miss read
 * PostgreSQL and store the answer with a TTL; every change deletes the entry after its transaction
 * commits. The cache is an optimisation, never a dependency: every failure of the engine is
 * counted and swallowed, and the caller reads PostgreSQL. Calls go through the circuit breaker
 * named after the engine ({@code redis}, {@code memcached}), so an outage costs one fast rejection
 * per read instead of a timeout. With {@code app.cache.engine=none} every read goes to PostgreSQL.
 *
 * <p>Metrics: {@code order.cache.requests{engine, result=hit|miss|error}}.
 */
@Component
public class OrderCache {

    private static final Logger log = LoggerFactory.getLogger(OrderCache.class);
    /** The version in the key lets a new release change the cached shape without reading old entries. */
    static final String KEY_PREFIX = "order:v1:";

    private final Optional<CacheStore> store;
    private final Guarded guarded;
    private final JsonMapper json;
    private final Duration ttl;
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;

    public OrderCache(
            ObjectProvider<CacheStore> store,
            Guarded guarded,
            JsonMapper json,
            CacheProperties properties,
            MeterRegistry meters) {
        this.store = Optional.ofNullable(store.getIfAvailable());
        this.guarded = guarded;
        this.json = json;
        this.ttl = properties.orderTtl();
        String engine = this.store.map(CacheStore::engine).orElse("none");
        this.hits = counter(meters, engine, "hit");
        this.misses = counter(meters, engine, "miss");
        this.errors = counter(meters, engine, "error");
    }

    private static Counter counter(MeterRegistry meters, String engine, String result) {
        return Counter.builder(SystemMetric.ORDER_CACHE_REQUESTS.meterName())
                .description(SystemMetric.ORDER_CACHE_REQUESTS.description())
                .tags(SystemMetric.ORDER_CACHE_REQUESTS.tags("orders", engine, result))
                .register(meters);
    }

    /** The cached value, or the loader's, which is then cached. */
    public <T> Optional<T> getOrLoad(UUID id, Class<T> type, Supplier<Optional<T>> loader) {
        if (store.isEmpty()) {
            return loader.get();
        }
        Optional<T> cached = read(store.get(), id, type);
        if (cached.isPresent()) {
            hits.increment();
            return cached;
        }
        Optional<T> loaded = loader.get();
        loaded.ifPresent(value -> write(store.get(), id, value));
        return loaded;
    }

    private <T> Optional<T> read(CacheStore cache, UUID id, Class<T> type) {
        try {
            Optional<String> value = guarded.call(cache.engine(), () -> cache.get(KEY_PREFIX + id));
            if (value.isEmpty()) {
                misses.increment();
                return Optional.empty();
            }
            return Optional.of(json.readValue(value.get(), type));
        } catch (RuntimeException unavailable) {
            errors.increment();
            log.debug("order cache read failed, reading PostgreSQL: {}", unavailable.toString());
            return Optional.empty();
        }
    }

    private void write(CacheStore cache, UUID id, Object value) {
        try {
            String text = json.writeValueAsString(value);
            guarded.run(cache.engine(), () -> cache.put(KEY_PREFIX + id, text, ttl));
        } catch (RuntimeException unavailable) {
            errors.increment();
            log.debug("order cache write failed: {}", unavailable.toString());
        }
    }

    /** Deletes the entry. A failed delete leaves a stale entry for at most the TTL; it is logged. */
    public void evict(UUID id) {
        store.ifPresent(cache -> {
            try {
                guarded.run(cache.engine(), () -> cache.delete(KEY_PREFIX + id));
            } catch (RuntimeException unavailable) {
                errors.increment();
                log.warn(
                        "order cache evict of {} failed; a stale entry may live up to {}: {}",
                        id,
                        ttl,
                        unavailable.toString());
            }
        });
    }

    /** The key an order is cached under, for tests and operators who look into the engine. */
    public static String key(UUID id) {
        return KEY_PREFIX + id;
    }
}
