package dev.awsref.order.outbox;

import dev.awsref.platform.aws.EventMessageAttributes;
import java.util.Optional;

/** A pending outbox row as the relay reads it. */
record OutboxMessage(
        long id,
        String eventId,
        String topic,
        String aggregateId,
        String eventType,
        int schemaVersion,
        String payload,
        String traceparent) {

    /** The attributes published with it, as every publisher in the system maps them. */
    EventMessageAttributes attributes() {
        return new EventMessageAttributes(eventType, schemaVersion, Optional.ofNullable(traceparent));
    }

    /** Bytes SNS counts against its 256 KiB limit: the body plus attribute names, types and values. */
    int size() {
        int size = utf8(payload);
        for (var attribute : attributes().toSns().entrySet()) {
            size += utf8(attribute.getKey())
                    + utf8(attribute.getValue().dataType())
                    + utf8(attribute.getValue().stringValue());
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
