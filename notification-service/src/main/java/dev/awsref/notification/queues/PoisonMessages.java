package dev.awsref.notification.queues;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What happens to a message that is not an event this service can read (not JSON, a missing field,
 * an unknown type or schema version): it is logged once, on its first receive, with its message
 * id; its reason is stored by message id for the operations API to show next to the message in the
 * DLQ; and it is left unacknowledged so SQS moves it to the dead-letter queue after maxReceiveCount
 * receives.
 */
@Component
public class PoisonMessages {

    private static final Logger log = LoggerFactory.getLogger(PoisonMessages.class);

    private final JdbcClient jdbc;

    public PoisonMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the failure and returns the exception the listener throws so the message is not acknowledged. */
    public PoisonMessageException reject(ConsumedQueue queue, Message message, RuntimeException reason) {
        int receiveCount = receiveCount(message);
        String why = reason.getClass().getSimpleName() + ": " + reason.getMessage();
        record(queue, message.messageId(), why, receiveCount);
        if (receiveCount <= 1) {
            log.warn(
                    "Poison message {} on {}: {}. It is not acknowledged; SQS moves it to {} after {} receives.",
                    message.messageId(),
                    queue.physicalName(),
                    why,
                    queue.deadLetterQueue(),
                    queue.maxReceiveCount());
        }
        return new PoisonMessageException(
                "poison message " + message.messageId() + " (receive " + receiveCount + " of " + queue.maxReceiveCount()
                        + "): " + why,
                reason);
    }

    /**
     * Records why handling a readable message failed (e.g. the SMTP server refused), so the
     * operations API can show it if the message ends in the DLQ. Logged on every receive at WARN:
     * unlike a poison message, this one may well succeed next time.
     */
    public void recordFailure(ConsumedQueue queue, Message message, RuntimeException failure) {
        int receiveCount = receiveCount(message);
        String why = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        record(queue, message.messageId(), why, receiveCount);
        log.warn(
                "Message {} on {} failed on receive {} of {}: {}",
                message.messageId(),
                queue.physicalName(),
                receiveCount,
                queue.maxReceiveCount(),
                why);
    }

    private void record(ConsumedQueue queue, String messageId, String reason, int receiveCount) {
        jdbc.sql("""
                        INSERT INTO message_failure (message_id, queue, reason, receive_count)
                        VALUES (:messageId, :queue, :reason, :receiveCount)
                        ON CONFLICT (message_id) DO UPDATE
                        SET reason = excluded.reason, receive_count = excluded.receive_count, last_failed_at = now()""")
                .param("messageId", messageId)
                .param("queue", queue.physicalName())
                .param("reason", reason)
                .param("receiveCount", receiveCount)
                .update();
    }

    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return count == null ? 1 : Integer.parseInt(count);
    }
}
