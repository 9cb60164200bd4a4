package dev.awsref.order.cache;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.spy.memcached.MemcachedClient;

/**
 * The cache on Memcached (ElastiCache for Memcached): get, set with an expiry, delete. The client
 * writes asynchronously; every write here waits for the server's answer (within the operation
 * timeout), so an eviction after a commit has happened before the request that made it returns.
 */
class MemcachedCacheStore implements CacheStore {

    /** Memcached reads an expiry above 30 days as a Unix time, not as seconds from now. */
    static final Duration MAX_RELATIVE_EXPIRY = Duration.ofDays(30);

    private final MemcachedClient client;
    private final Duration timeout;

    MemcachedCacheStore(MemcachedClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public String engine() {
        return "memcached";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable((String) client.get(key));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        if (ttl.compareTo(MAX_RELATIVE_EXPIRY) > 0) {
            throw new IllegalArgumentException("a Memcached expiry is at most 30 days, was " + ttl);
        }
        await(client.set(key, (int) ttl.toSeconds(), value), "set");
    }

    @Override
    public void delete(String key) {
        await(client.delete(key), "delete");
    }

    @Override
    public String ping() {
        Map<SocketAddress, String> versions = client.getVersions();
        if (versions.isEmpty() || versions.containsValue(null)) {
            throw new IllegalStateException("no answer from every Memcached node: " + versions);
        }
        return versions.toString();
    }

    private void await(Future<Boolean> operation, String name) {
        try {
            operation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Memcached " + name + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            operation.cancel(true);
            throw new IllegalStateException("Memcached " + name + " failed", e);
        }
    }
}
