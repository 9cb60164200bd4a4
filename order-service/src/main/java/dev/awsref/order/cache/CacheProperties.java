package dev.awsref.order.cache;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which engine the order cache uses, and how to reach Memcached. Redis is reached through Spring
 * Boot's own {@code spring.data.redis.*}.
 *
 * @param engine {@code redis} (the default), {@code memcached}, or {@code none}: no cache at all,
 *     every read goes to PostgreSQL (the benchmark's baseline; also a switch for an operator)
 * @param orderTtl how long an entry lives: the upper bound on a stale entry if an eviction is lost
 * @param memcached the Memcached nodes, when {@code engine=memcached}
 */
@ConfigurationProperties("app.cache")
public record CacheProperties(Engine engine, Duration orderTtl, Memcached memcached) {

    public enum Engine {
        REDIS,
        MEMCACHED,
        NONE
    }

    public CacheProperties {
        engine = engine == null ? Engine.REDIS : engine;
        orderTtl = orderTtl == null ? Duration.ofMinutes(10) : orderTtl;
        memcached = memcached == null ? new Memcached(null, false, false, null) : memcached;
        if (engine == Engine.MEMCACHED && orderTtl.compareTo(MemcachedCacheStore.MAX_RELATIVE_EXPIRY) > 0) {
            throw new IllegalArgumentException(
                    "app.cache.order-ttl is at most 30 days on Memcached (a longer expiry is read as a date), was "
                            + orderTtl);
        }
    }

    /**
     * @param addresses {@code host:port} of each node; with {@code autoDiscovery} the one
     *     configuration endpoint of an ElastiCache cluster
     * @param autoDiscovery ask the configuration endpoint for the nodes and follow their changes
     *     (ElastiCache only: a plain memcached does not answer {@code config get cluster})
     * @param tls connect over TLS (ElastiCache in-transit encryption), trusting the JDK's CAs
     * @param operationTimeout how long one get, set or delete may take before it counts as a failure
     */
    public record Memcached(List<String> addresses, boolean autoDiscovery, boolean tls, Duration operationTimeout) {
        public Memcached {
            addresses = addresses == null || addresses.isEmpty() ? List.of("127.0.0.1:11211") : List.copyOf(addresses);
            operationTimeout = operationTimeout == null ? Duration.ofMillis(500) : operationTimeout;
        }
    }
}
