package dev.awsref.defaults.listener;

/**
 * Thrown by a listener for a message that no retry can ever handle (not an event, an unknown type
 * or version, a malformed S3 notification). The listener policy moves it to the dead-letter queue
 * at once, with this message as the reason, instead of receiving it again and again.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason, Throwable cause) {
        // No stack trace: the reason is the message, and the policy logs it once.
        super(reason, cause, false, false);
    }

    public PoisonMessageException(String reason) {
        this(reason, null);
    }
}
