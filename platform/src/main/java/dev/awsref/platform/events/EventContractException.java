package dev.awsref.platform.events;

/**
 * A message that does not satisfy the event contract. Retrying cannot fix it, so a consumer should
 * let the message go to its dead-letter queue rather than loop on it. Sealed so that handling
 * code can tell the cases apart exhaustively.
 */
public abstract sealed class EventContractException extends RuntimeException
        permits UnknownEventTypeException,
                UnsupportedEventVersionException,
                UnexpectedEventTypeException,
                MalformedEventException {

    protected EventContractException(String message) {
        super(message);
    }

    protected EventContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
