package dev.awsref.notification.queues;

/**
 * Thrown from a listener for a message no retry can fix. The listener does not acknowledge it, so
 * SQS hands it out again after the visibility timeout until its receive count passes the queue's
 * maxReceiveCount, and then moves it to the dead-letter queue. Other messages are not held up:
 * on a standard queue each message fails on its own; on a FIFO queue only its message group waits.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message, Throwable cause) {
        // No stack trace: the reason is the message, and the container logs it on every receive.
        super(message, cause, false, false);
    }
}
