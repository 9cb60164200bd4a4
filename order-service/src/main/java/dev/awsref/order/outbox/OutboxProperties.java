package dev.awsref.order.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the relay runs.
 *
 * @param relayEnabled start the relay loop with the application; tests that drive it call {@link
 *     OutboxRelay#relayOnce()} instead
 * @param pollInterval wait between passes when the outbox is empty or a pass was partial
 * @param batchSize rows taken per pass
 * @param maxBackoff longest wait after repeated failures (exponential with jitter up to this)
 * @param retention how long sent rows stay for inspection before the cleanup deletes them
 * @param cleanupEnabled run the scheduled cleanup
 * @param cleanupInterval how often it runs
 */
@ConfigurationProperties("app.outbox")
public record OutboxProperties(
        boolean relayEnabled,
        Duration pollInterval,
        int batchSize,
        Duration maxBackoff,
        Duration retention,
        boolean cleanupEnabled,
        Duration cleanupInterval) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        batchSize = batchSize <= 0 ? 100 : batchSize;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        retention = retention == null ? Duration.ofDays(7) : retention;
        cleanupInterval = cleanupInterval == null ? Duration.ofMinutes(10) : cleanupInterval;
    }
}
