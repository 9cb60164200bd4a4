package dev.awsref.order.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the cache-aside keeps its entries: Redis or Memcached (both ElastiCache engines), chosen by
 * {@code app.cache.engine}. Only what a cache-aside of text values needs, so either engine fits
 * behind it. Every method may throw a {@link RuntimeException} when the engine does not answer;
 * {@link OrderCache} counts and swallows it, and reads PostgreSQL instead.
 */
public interface CacheStore {

    /**
     * The engine's name ({@code redis}, {@code memcached}): the Resilience4j instances that guard
     * its calls, and a detail of the cache health.
     */
    String engine();

    Optional<String> get(String key);

    void put(String key, String value, Duration ttl);

    void delete(String key);

    /** A round trip to the engine; returns what it answered, throws when it does not. */
    String ping();
}
