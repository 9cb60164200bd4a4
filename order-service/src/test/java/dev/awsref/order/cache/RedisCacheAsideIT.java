package dev.awsref.order.cache;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Cache-aside on Redis, the default engine. */
class RedisCacheAsideIT extends CacheAsideContract {

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
