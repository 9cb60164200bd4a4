package dev.awsref.notification.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operations API's credentials and redrive limits.
 *
 * @param username HTTP basic user name
 * @param password HTTP basic password; empty means the API refuses every request
 * @param redrive limits of one redrive call
 */
@ConfigurationProperties("app.operations")
public record OperationsProperties(String username, String password, Redrive redrive) {

    public OperationsProperties {
        username = username == null ? "ops" : username;
        password = password == null ? "" : password;
        redrive = redrive == null ? new Redrive(1000, 50) : redrive;
    }

    public boolean enabled() {
        return !password.isBlank();
    }

    /**
     * @param maxMessages the most messages one redrive moves
     * @param messagesPerSecond the rate a redrive moves them at, so a fixed consumer is not flooded
     */
    public record Redrive(int maxMessages, int messagesPerSecond) {}
}
