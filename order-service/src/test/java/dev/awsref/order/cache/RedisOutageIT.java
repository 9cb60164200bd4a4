package dev.awsref.order.cache;

import dev.awsref.order.support.Infrastructure;
import dev.awsref.testsupport.TcpPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Redis, the default engine, is a port nothing listens on. */
class RedisOutageIT extends CacheOutageContract {

    @TestConfiguration(proxyBeanMethods = false)
    static class RedisDown {
        @Bean
        Infrastructure.Overrides redisOnAClosedPort() {
            return Infrastructure.Overrides.redisPort(TcpPort.free());
        }
    }

    @Override
    String engine() {
        return "redis";
    }
}
