package dev.awsref.platform.aws;

import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.MessageAttributeNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The message attributes published next to every event body, defined once for every publisher
 * (the outbox relay, the demo, tests that play a publisher): {@code eventType} as a String, which
 * attribute-scoped filter policies match on; {@code schemaVersion} as a Number; and the trace
 * context of the publishing span when there is one, as the fields the tracer's propagator wrote
 * (W3C {@code traceparent}, {@code tracestate}), each a String attribute of that name. A consumer's
 * tracing reads them back from the SQS message attributes (SNS copies them there with raw delivery).
 * SNS and SQS have separate attribute classes of the same shape, hence {@link #toSns()} and
 * {@link #toSqs()}.
 *
 * @param traceContext propagation fields by name; empty without tracing
 */
public record EventMessageAttributes(String eventType, int schemaVersion, Map<String, String> traceContext) {

    public EventMessageAttributes {
        traceContext = Map.copyOf(traceContext);
    }

    public static EventMessageAttributes of(EventEnvelope<?> event) {
        return new EventMessageAttributes(event.type(), event.schemaVersion(), Map.of());
    }

    public EventMessageAttributes withTraceContext(Map<String, String> traceContext) {
        return new EventMessageAttributes(eventType, schemaVersion, traceContext);
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
        // Sorted, so the same context always gives the same attributes (and the same size).
        new java.util.TreeMap<>(traceContext).forEach((name, value) -> {
            if (!value.isBlank()) { // SNS and SQS refuse an empty String attribute
                attributes.put(name, attribute.apply("String", value));
            }
        });
        return attributes;
    }
}
