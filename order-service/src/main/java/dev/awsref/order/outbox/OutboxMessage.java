package dev.awsref.order.outbox;

import dev.awsref.platform.aws.EventMessageAttributes;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A pending outbox row as the relay reads it.
 *
 * @param traceContext the propagation fields of the span that wrote the row (traceparent,
 *     tracestate); the relay's publish span continues them
 */
record OutboxMessage(
        long id,
        String eventId,
        String topic,
        String aggregateId,
        String eventType,
        int schemaVersion,
        String payload,
        Map<String, String> traceContext) {

    /** The attributes published with it, as every publisher in the system maps them. */
    EventMessageAttributes attributes(Map<String, String> publishContext) {
        return new EventMessageAttributes(eventType, schemaVersion, publishContext);
    }

    /**
     * Bytes SNS counts against its 256 KiB limit: the body plus attribute names, types and values.
     * The publish span's context has the stored one's size: a traceparent is fixed-length and the
     * tracestate passes on unchanged.
     */
    int size() {
        int size = utf8(payload);
        for (var attribute : attributes(traceContext).toSns().entrySet()) {
            size += utf8(attribute.getKey())
                    + utf8(attribute.getValue().dataType())
                    + utf8(attribute.getValue().stringValue());
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
