package dev.awsref.testsupport;

import com.redis.testcontainers.RedisContainer;

/**
 * A Redis for integration tests: {@code TEST_REDIS_HOST}/{@code TEST_REDIS_PORT} if set; else a
 * Testcontainers Redis when a Docker engine answers; else the machine's server on 127.0.0.1:6379.
 */
public record RedisTestServer(String host, int port) {

    private static volatile RedisTestServer shared;

    public static RedisTestServer get() {
        if (shared == null) {
            synchronized (RedisTestServer.class) {
                if (shared == null) {
                    shared = resolve();
                }
            }
        }
        return shared;
    }

    private static RedisTestServer resolve() {
        String host = System.getenv("TEST_REDIS_HOST");
        if (host != null) {
            return new RedisTestServer(host, Integer.parseInt(System.getenv().getOrDefault("TEST_REDIS_PORT", "6379")));
        }
        if (Docker.available()) {
            var container = new RedisContainer(RedisContainer.DEFAULT_IMAGE_NAME.withTag("7-alpine"));
            container.start();
            return new RedisTestServer(container.getRedisHost(), container.getRedisPort());
        }
        if (!TcpPort.open("127.0.0.1", 6379)) {
            throw new IllegalStateException(
                    "no Redis for the tests: set TEST_REDIS_HOST, run a Docker engine, or start "
                            + "the local server (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no)");
        }
        return new RedisTestServer("127.0.0.1", 6379);
    }
}
