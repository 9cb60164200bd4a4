package dev.awsref.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database, so a test context sees only its own rows (an outbox relay, a
 * processed-message table). Dropped when the JVM exits.
 */
public record FreshDatabase(String jdbcUrl, String username, String password) {

    /** A database named {@code <tag>_it_<8 random characters>} on the test PostgreSQL. */
    public static FreshDatabase create(String tag) {
        PostgresTestDatabase server = PostgresTestDatabase.get();
        String name =
                tag + "_it_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        String adminUrl = server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
        execute(adminUrl, server, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(adminUrl, server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }));
        return new FreshDatabase(
                server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"),
                server.username(),
                server.password());
    }

    /** The three Spring datasource properties for this database. */
    public java.util.Map<String, String> springProperties() {
        return java.util.Map.of(
                "spring.datasource.url", jdbcUrl,
                "spring.datasource.username", username,
                "spring.datasource.password", password);
    }

    private static void execute(String url, PostgresTestDatabase server, String sql) {
        try (Connection connection = DriverManager.getConnection(url, server.username(), server.password());
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
