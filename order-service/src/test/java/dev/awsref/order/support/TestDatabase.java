package dev.awsref.order.support;

import dev.awsref.testsupport.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database per Spring test context, so each context's outbox relay sees only
 * its own rows. Dropped when the JVM exits.
 */
public record TestDatabase(String jdbcUrl, String username, String password) {

    public static TestDatabase fresh() {
        PostgresTestDatabase server = PostgresTestDatabase.get();
        String name =
                "orders_it_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        String adminUrl = server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
        execute(adminUrl, server, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(adminUrl, server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }));
        return new TestDatabase(
                server.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"),
                server.username(),
                server.password());
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
