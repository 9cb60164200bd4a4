package dev.awsref.order.cache;

import dev.awsref.order.support.Infrastructure;
import dev.awsref.testsupport.TcpPort;
import java.util.Optional;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redis, the default engine, is a port nothing listens on. */
class RedisOutageIT extends CacheOutageContract {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.register(registry, new Infrastructure.Overrides(Optional.empty(), Optional.of(TcpPort.free())));
    }

    @Override
    String engine() {
        return "redis";
    }
}
