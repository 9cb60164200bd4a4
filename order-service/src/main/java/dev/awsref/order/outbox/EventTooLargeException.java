package dev.awsref.order.outbox;

/**
 * The event would exceed what SNS accepts in one message on a topic with the default
 * {@code MaximumMessageSize} (256 KiB, body and attributes together; SQS alone would take 1 MiB). This service rejects such orders at the API (413) rather than using a claim-check.
 */
public class EventTooLargeException extends RuntimeException {

    private final int bytes;

    public EventTooLargeException(String eventType, int bytes) {
        super(eventType + " event would be " + bytes + " bytes; SNS accepts at most " + OutboxWriter.MAX_MESSAGE_BYTES
                + " bytes per message, body and attributes together");
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
