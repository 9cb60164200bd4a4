package dev.awsref.order.cache;

import dev.awsref.order.support.Infrastructure;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Cache-aside on Redis, the default engine. */
class RedisCacheAsideIT extends CacheAsideContract {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.register(registry, Infrastructure.Overrides.none());
    }

    @Autowired
    StringRedisTemplate redis;

    @Override
    String engine() {
        return "redis";
    }

    @Override
    Optional<String> entry(String key) {
        return Optional.ofNullable(redis.opsForValue().get(key));
    }
}
