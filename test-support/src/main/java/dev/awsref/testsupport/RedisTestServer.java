package dev.awsref.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis for integration tests: {@code TEST_REDIS_HOST}/{@code TEST_REDIS_PORT} if set; else a
 * Testcontainers Redis when a Docker engine answers; else the machine's server on 127.0.0.1:6379.
 */
public record RedisTestServer(String host, int port) {

    static final String IMAGE = "redis:7-alpine";
    private static final int REDIS_PORT = 6379;

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
            // A plain container: Testcontainers waits for the mapped port to listen, which is all
            // a Redis needs (testcontainers-redis was built for Testcontainers 1.x and breaks on 2.x).
            var container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(REDIS_PORT);
            container.start();
            return new RedisTestServer(container.getHost(), container.getMappedPort(REDIS_PORT));
        }
        if (!TcpPort.open("127.0.0.1", REDIS_PORT)) {
            throw new IllegalStateException(
                    "no Redis for the tests: set TEST_REDIS_HOST, run a Docker engine, or start "
                            + "the local server (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no)");
        }
        return new RedisTestServer("127.0.0.1", REDIS_PORT);
    }
}
