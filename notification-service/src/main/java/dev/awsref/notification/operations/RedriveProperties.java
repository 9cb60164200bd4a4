package dev.awsref.notification.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of one redrive call. The operations API's credentials are the service defaults'
 * ({@code app.operations.username/password}).
 *
 * @param maxMessages the most messages one redrive moves
 * @param messagesPerSecond the rate a redrive moves them at, so a fixed consumer is not flooded
 */
@ConfigurationProperties("app.operations.redrive")
public record RedriveProperties(int maxMessages, int messagesPerSecond) {

    public RedriveProperties {
        maxMessages = maxMessages <= 0 ? 1000 : maxMessages;
        messagesPerSecond = messagesPerSecond <= 0 ? 50 : messagesPerSecond;
    }
}
