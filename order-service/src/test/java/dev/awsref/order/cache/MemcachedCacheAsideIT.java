package dev.awsref.order.cache;

import dev.awsref.order.support.Infrastructure;
import java.util.Optional;
import net.spy.memcached.MemcachedClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Cache-aside on Memcached ({@code app.cache.engine=memcached}), the test's own memcached process. */
class MemcachedCacheAsideIT extends CacheAsideContract {

    // Its own source, not the Registrar: the engine decides which cache beans exist.
    @DynamicPropertySource
    static void memcached(DynamicPropertyRegistry registry) {
        Infrastructure.useMemcached(registry, Optional.empty());
    }

    @Autowired
    MemcachedClient memcached;

    @Override
    String engine() {
        return "memcached";
    }

    @Override
    Optional<String> entry(String key) {
        return Optional.ofNullable((String) memcached.get(key));
    }
}
