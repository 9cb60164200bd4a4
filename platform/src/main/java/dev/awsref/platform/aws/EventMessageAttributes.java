package dev.awsref.platform.aws;

import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.MessageAttributeNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The message attributes published next to every event body, defined once for every publisher
 * (the outbox relay, the demo, tests that play a publisher): {@code eventType} as a String, which
 * attribute-scoped filter policies match on; {@code schemaVersion} as a Number; and the W3C
 * {@code traceparent} when there is one. SNS and SQS have separate attribute classes of the same
 * shape, hence {@link #toSns()} and {@link #toSqs()}.
 */
public record EventMessageAttributes(String eventType, int schemaVersion, Optional<String> traceparent) {

    public static EventMessageAttributes of(EventEnvelope<?> event) {
        return new EventMessageAttributes(event.type(), event.schemaVersion(), Optional.empty());
    }

    public EventMessageAttributes withTraceparent(String traceparent) {
        return new EventMessageAttributes(eventType, schemaVersion, Optional.ofNullable(traceparent));
    }

    public Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> toSns() {
        return build((type, value) -> software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                .dataType(type)
                .stringValue(value)
                .build());
    }

    public Map<String, software.amazon.awssdk.services.sqs.model.MessageAttributeValue> toSqs() {
        return build((type, value) -> software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                .dataType(type)
                .stringValue(value)
                .build());
    }

    private <V> Map<String, V> build(BiFunction<String, String, V> attribute) {
        Map<String, V> attributes = new LinkedHashMap<>();
        attributes.put(MessageAttributeNames.EVENT_TYPE, attribute.apply("String", eventType));
        attributes.put(
                MessageAttributeNames.SCHEMA_VERSION, attribute.apply("Number", Integer.toString(schemaVersion)));
        traceparent.ifPresent(
                value -> attributes.put(MessageAttributeNames.TRACEPARENT, attribute.apply("String", value)));
        return attributes;
    }
}
