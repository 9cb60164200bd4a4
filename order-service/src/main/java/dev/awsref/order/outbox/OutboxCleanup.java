package dev.awsref.order.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Deletes sent outbox rows older than the retention, and idempotency keys older than a day. */
public class OutboxCleanup {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleanup.class);

    private final JdbcClient jdbc;
    private final OutboxProperties properties;
    private final Clock clock;

    OutboxCleanup(JdbcClient jdbc, OutboxProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** @return rows deleted */
    public int cleanUp() {
        Timestamp sentBefore = Timestamp.from(clock.instant().minus(properties.retention()));
        // In slices, so a large backlog never holds one long transaction.
        int deleted = 0;
        int slice;
        do {
            slice = jdbc.sql("DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at < ? LIMIT 5000)")
                    .param(sentBefore)
                    .update();
            deleted += slice;
        } while (slice == 5000);
        int keys = jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?")
                .param(Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(1))))
                .update();
        if (deleted + keys > 0) {
            log.info("outbox cleanup: deleted {} sent rows and {} idempotency keys", deleted, keys);
        }
        return deleted;
    }
}
