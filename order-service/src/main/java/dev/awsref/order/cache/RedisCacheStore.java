package dev.awsref.order.cache;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The cache on Redis (ElastiCache for Redis OSS / Valkey): GET, SET with EX, DEL. */
class RedisCacheStore implements CacheStore {

    private final StringRedisTemplate redis;

    RedisCacheStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(redis.opsForValue().get(key));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        redis.opsForValue().set(key, value, ttl);
    }

    @Override
    public void delete(String key) {
        redis.delete(key);
    }

    @Override
    public String ping() {
        return redis.execute(connection -> connection.ping(), true);
    }
}
