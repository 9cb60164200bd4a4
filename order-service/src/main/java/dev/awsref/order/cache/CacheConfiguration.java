package dev.awsref.order.cache;

import dev.awsref.order.resilience.Guarded;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ClientMode;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The cache engine behind {@link OrderCache}, one of three by {@code app.cache.engine}: Redis (the
 * default), Memcached, or none. Exactly one {@link CacheStore} bean exists, or none at all.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheProperties.class)
class CacheConfiguration {

    static {
        // The client logs through its own logger to stderr unless told to use SLF4J; this is the
        // switch its documentation gives, and it must be set before the first client is built.
        if (System.getProperty("net.spy.log.LoggerImpl") == null) {
            System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
        }
    }

    @Bean
    @ConditionalOnProperty(name = "app.cache.engine", havingValue = "redis", matchIfMissing = true)
    CacheStore redisCacheStore(StringRedisTemplate redis) {
        return new RedisCacheStore(redis);
    }

    @Bean
    @ConditionalOnProperty(name = "app.cache.engine", havingValue = "memcached")
    CacheStore memcachedCacheStore(MemcachedClient memcached, CacheProperties properties) {
        return new MemcachedCacheStore(memcached, properties.memcached().operationTimeout());
    }

    /**
     * A client that fails fast: with a node down its operations are cancelled at once
     * ({@link FailureMode#Cancel}) rather than queued until it returns, so a read costs a miss and a
     * PostgreSQL query, not a timeout. It reconnects by itself in the background.
     */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnProperty(name = "app.cache.engine", havingValue = "memcached")
    MemcachedClient memcachedClient(CacheProperties properties) throws IOException, NoSuchAlgorithmException {
        CacheProperties.Memcached settings = properties.memcached();
        var builder = new ConnectionFactoryBuilder()
                .setClientMode(settings.autoDiscovery() ? ClientMode.Dynamic : ClientMode.Static)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(settings.operationTimeout().toMillis())
                .setDaemon(true);
        if (settings.tls()) {
            builder.setSSLContext(SSLContext.getDefault());
        }
        return new MemcachedClient(builder.build(), AddrUtil.getAddresses(settings.addresses()));
    }

    /** Declared after the stores, so the condition sees the one that exists (if any). */
    @Bean("cache")
    @ConditionalOnBean(CacheStore.class)
    CacheHealthIndicator cacheHealthIndicator(CacheStore store, Guarded guarded) {
        return new CacheHealthIndicator(store, guarded);
    }
}
