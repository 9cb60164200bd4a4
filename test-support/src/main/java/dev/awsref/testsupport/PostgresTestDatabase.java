package dev.awsref.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL for integration tests: {@code TEST_POSTGRES_URL} (+ _USER, _PASSWORD) if set; else a
 * Testcontainers PostgreSQL when a Docker engine answers; else the machine's server on
 * 127.0.0.1:5432 (trust auth, as on the project's CI machines).
 */
public record PostgresTestDatabase(String jdbcUrl, String username, String password) {

    private static volatile PostgresTestDatabase shared;

    public static PostgresTestDatabase get() {
        if (shared == null) {
            synchronized (PostgresTestDatabase.class) {
                if (shared == null) {
                    shared = resolve();
                }
            }
        }
        return shared;
    }

    private static PostgresTestDatabase resolve() {
        String url = System.getenv("TEST_POSTGRES_URL");
        if (url != null) {
            return new PostgresTestDatabase(
                    url,
                    System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres"),
                    System.getenv().getOrDefault("TEST_POSTGRES_PASSWORD", ""));
        }
        if (Docker.available()) {
            var container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new PostgresTestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        if (!TcpPort.open("127.0.0.1", 5432)) {
            throw new IllegalStateException(
                    "no PostgreSQL for the tests: set TEST_POSTGRES_URL, run a Docker engine, "
                            + "or start the local server (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)");
        }
        return new PostgresTestDatabase("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
    }
}
