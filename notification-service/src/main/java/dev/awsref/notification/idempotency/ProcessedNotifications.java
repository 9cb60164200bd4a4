package dev.awsref.notification.idempotency;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of notifications already sent, keyed by (event id, notification). Standard SQS queues
 * deliver at least once and SNS may publish twice, so every send asks here first.
 *
 * <p>A committed row means the email was sent (the SMTP server accepted it) under the Message-ID
 * the row records. {@link #claim} must run in the transaction that sends: the inserted row stays uncommitted
 * (and invisible, and locked) until the email went out and the transaction commits. A second
 * delivery of the same event meanwhile blocks on the row's key and, once the first commits, finds
 * it taken; if the first rolls back (the SMTP server refused), the second claims it and sends.
 */
@Repository
public class ProcessedNotifications {

    private static final Logger log = LoggerFactory.getLogger(ProcessedNotifications.class);

    /** Longer than SQS's maximum retention of 14 days, so no redelivery outlives its record. */
    static final Duration KEEP = Duration.ofDays(15);

    private final JdbcClient jdbc;

    public ProcessedNotifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code notification} is being sent for {@code eventId}, under the email
     * Message-ID {@code emailMessageId}.
     *
     * @return true if this caller should send it, false if it was sent before
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean claim(String eventId, String notification, String queue, String messageId, String emailMessageId) {
        int inserted = jdbc.sql("""
                        INSERT INTO processed_notification
                            (event_id, notification, queue, message_id, email_message_id)
                        VALUES (:eventId, :notification, :queue, :messageId, :emailMessageId)
                        ON CONFLICT (event_id, notification) DO NOTHING""")
                .param("eventId", eventId)
                .param("notification", notification)
                .param("queue", queue)
                .param("messageId", messageId)
                .param("emailMessageId", emailMessageId)
                .update();
        return inserted == 1;
    }

    /** The Message-ID the email for (event, notification) was sent with, if it was. */
    public java.util.Optional<String> emailMessageId(String eventId, String notification) {
        return jdbc.sql("SELECT email_message_id FROM processed_notification WHERE event_id = :e AND notification = :n")
                .param("e", eventId)
                .param("n", notification)
                .query(String.class)
                .optional();
    }

    public int count(String eventId, String notification) {
        return jdbc.sql("SELECT count(*) FROM processed_notification WHERE event_id = :e AND notification = :n")
                .param("e", eventId)
                .param("n", notification)
                .query(Integer.class)
                .single();
    }

    @Scheduled(cron = "${app.idempotency.cleanup-cron:0 17 3 * * *}")
    public void forgetOldRecords() {
        int deleted = jdbc.sql(
                        "DELETE FROM processed_notification WHERE processed_at < now() - make_interval(days => :days)")
                .param("days", (int) KEEP.toDays())
                .update();
        log.info("Forgot {} processed-notification records older than {} days", deleted, KEEP.toDays());
    }
}
