package dev.awsref.platform.events;

/**
 * Names of the SNS/SQS message attributes published next to every event body. Attributes carry
 * what attribute-scoped subscription filters match on, and the W3C trace context, which must cross
 * SNS and SQS without the consumer parsing the body first.
 */
public final class MessageAttributeNames {

    /** The event's type name, e.g. {@code OrderPlaced}; same value as the envelope's {@code type}. */
    public static final String EVENT_TYPE = "eventType";

    /** The envelope's {@code schemaVersion}, as an SNS/SQS {@code Number} attribute. */
    public static final String SCHEMA_VERSION = "schemaVersion";

    /** W3C {@code traceparent} of the publishing span. */
    public static final String TRACEPARENT = "traceparent";

    /** W3C {@code tracestate} of the publishing span, when it has one. */
    public static final String TRACESTATE = "tracestate";

    private MessageAttributeNames() {}
}
