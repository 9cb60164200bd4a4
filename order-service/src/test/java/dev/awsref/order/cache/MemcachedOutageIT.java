package dev.awsref.order.cache;

import dev.awsref.order.support.Infrastructure;
import dev.awsref.testsupport.TcpPort;
import java.util.Optional;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The cache is on Memcached (app.cache.engine=memcached), and Memcached is a port nothing listens on. */
class MemcachedOutageIT extends CacheOutageContract {

    // Its own source, not the Registrar: the engine decides which cache beans exist.
    @DynamicPropertySource
    static void memcached(DynamicPropertyRegistry registry) {
        Infrastructure.useMemcached(registry, Optional.of(TcpPort.free()));
    }

    @Override
    String engine() {
        return "memcached";
    }
}
