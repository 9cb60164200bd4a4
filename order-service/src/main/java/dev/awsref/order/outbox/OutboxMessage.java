package dev.awsref.order.outbox;

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

    /** Bytes SNS counts against its 256 KiB limit: the body plus attribute names, types and values. */
    int size() {
        int size = utf8(payload) + utf8("eventType") + utf8("String") + utf8(eventType);
        size += utf8("schemaVersion")
                + utf8("Number")
                + String.valueOf(schemaVersion).length();
        if (traceparent != null) {
            size += utf8("traceparent") + utf8("String") + utf8(traceparent);
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
