package dev.awsref.platform.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes envelopes to JSON and reads them back. Reading looks at {@code type} and {@code
 * schemaVersion} first and only then binds {@code data}, so the JSON never has to name a Java
 * class and an event from a newer producer fails with a message saying so rather than a binding
 * error.
 *
 * <p>Every failure to read is an {@link EventContractException}; none is worth a retry. The codec
 * is immutable and thread-safe.
 */
public final class EventCodec {

    /** CloudEvents' Distributed Tracing extension attributes (W3C Trace Context's two headers). */
    private static final List<String> TRACING_EXTENSION =
            List.of(MessageAttributeNames.TRACEPARENT, MessageAttributeNames.TRACESTATE);

    private static final List<String> ENVELOPE_FIELDS = List.of(
            "specversion", "id", "type", "source", "time", "subject", "datacontenttype", "schemaVersion", "data");

    private final JsonMapper mapper;

    /** A codec with its own mapper. */
    public EventCodec() {
        this(JsonMapper.builder().build());
    }

    /**
     * A codec built on {@code mapper}'s modules and settings, e.g. the application's, except for
     * the settings the wire format depends on, which the codec overrides on a copy; {@code mapper}
     * itself is left as it is.
     */
    public EventCodec(JsonMapper mapper) {
        this.mapper = pinWireFormat(Checks.present(mapper, "mapper").rebuild());
    }

    // A service's mapper may be tuned for its REST API (snake_case, pretty output, dates as
    // numbers); the events other services read must not change with it.
    private static JsonMapper pinWireFormat(JsonMapper.Builder builder) {
        return builder.propertyNamingStrategy(null)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                // 1E+3 is valid JSON, but plain digits are what every consumer and SNS filter expects.
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(
                        EnumFeature.WRITE_ENUMS_USING_TO_STRING,
                        EnumFeature.READ_ENUMS_USING_TO_STRING,
                        EnumFeature.WRITE_ENUMS_TO_LOWERCASE,
                        EnumFeature.WRITE_ENUMS_USING_INDEX)
                // Forward compatible within a version: a producer may add a property before readers know it.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Reading goes through a tree; without these a total of 10.50 would become the double 10.5
                // and large amounts would lose digits.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // A missing quantity is an error, not zero.
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The envelope as one line of JSON. */
    public String toJson(EventEnvelope<?> envelope) {
        return mapper.writeValueAsString(Checks.present(envelope, "envelope"));
    }

    /**
     * The envelope as one line of JSON with the trace context of its producer as CloudEvents'
     * Distributed Tracing extension: {@code traceparent} and {@code tracestate} at the top level, next
     * to the envelope's attributes. For transports without message attributes (a Kinesis record is
     * only data); every reader ignores them as unknown properties, and {@link #traceContextOf} reads
     * them back. Fields other than those two are left out.
     */
    public String toJson(EventEnvelope<?> envelope, Map<String, String> traceContext) {
        if (TRACING_EXTENSION.stream().noneMatch(traceContext::containsKey)) {
            return toJson(envelope); // untraced: the plain envelope, written in one pass
        }
        ObjectNode tree = mapper.valueToTree(Checks.present(envelope, "envelope"));
        for (String field : TRACING_EXTENSION) {
            String value = traceContext.get(field);
            if (value != null && !value.isBlank()) {
                tree.put(field, value);
            }
        }
        return mapper.writeValueAsString(tree);
    }

    /**
     * The Distributed Tracing extension attributes of an event's JSON ({@link #toJson(EventEnvelope,
     * Map)}); empty when it has none or is no JSON object at all, since a trace must never make a
     * record unreadable.
     */
    public Map<String, String> traceContextOf(String json) {
        return parse(json).traceContext();
    }

    /**
     * The JSON parsed once, for a reader that wants both its trace context and its envelope: a
     * Kinesis consumer starts its span from the record's trace context before anything can fail,
     * then reads the event inside that span. Never fails; {@link Parsed#envelope} does, as {@link
     * #fromJson(String, Class)} would.
     */
    public Parsed parse(String json) {
        try {
            return new Parsed(parseObject(json), null);
        } catch (MalformedEventException notAnObject) {
            return new Parsed(null, notAnObject);
        }
    }

    /** An event's JSON, parsed by {@link #parse}: either a JSON object or why it is none. */
    public final class Parsed {

        private final JsonNode root;
        private final MalformedEventException notAnObject;

        private Parsed(JsonNode root, MalformedEventException notAnObject) {
            this.root = root;
            this.notAnObject = notAnObject;
        }

        /** As {@link #traceContextOf}: empty when there is none or the JSON is no object. */
        public Map<String, String> traceContext() {
            Map<String, String> fields = new LinkedHashMap<>();
            if (root == null) {
                return fields;
            }
            for (String field : TRACING_EXTENSION) {
                JsonNode value = root.get(field);
                if (value != null && value.isString()) {
                    fields.put(field, value.stringValue());
                }
            }
            return fields;
        }

        /**
         * The event, which must be of {@code expected}'s type; throws what {@link
         * EventCodec#fromJson(String, Class)} throws. May be asked again (a retry): a JSON that was
         * no object fails each time with a new exception of the same message.
         */
        public <T extends EventData> EventEnvelope<T> envelope(Class<T> expected) {
            Checks.present(expected, "expected");
            if (root == null) {
                throw new MalformedEventException(
                        notAnObject.getMessage(), notAnObject.field().orElse(null), notAnObject.getCause());
            }
            @SuppressWarnings("unchecked") // read() checked the data is a T
            EventEnvelope<T> envelope = (EventEnvelope<T>) read(root, expected);
            return envelope;
        }
    }

    /**
     * Reads an event of any type; switch over {@code data()} to handle it.
     *
     * @throws UnknownEventTypeException if {@code type} is not registered
     * @throws UnsupportedEventVersionException if this code cannot read the {@code schemaVersion}
     * @throws MalformedEventException if the text is not an event
     */
    public EventEnvelope<?> fromJson(String json) {
        return read(json, EventData.class);
    }

    /**
     * Reads an event that must be of {@code expected}'s type.
     *
     * @throws UnexpectedEventTypeException if it is a valid event of another type
     * @throws UnknownEventTypeException if {@code type} is not registered
     * @throws UnsupportedEventVersionException if this code cannot read the {@code schemaVersion}
     * @throws MalformedEventException if the text is not an event
     */
    public <T extends EventData> EventEnvelope<T> fromJson(String json, Class<T> expected) {
        Checks.present(expected, "expected");
        @SuppressWarnings("unchecked") // read() checked the data is a T
        EventEnvelope<T> envelope = (EventEnvelope<T>) read(json, expected);
        return envelope;
    }

    private EventEnvelope<?> read(String json, Class<? extends EventData> expected) {
        return read(parseObject(json), expected);
    }

    private EventEnvelope<?> read(JsonNode root, Class<? extends EventData> expected) {
        requireEnvelopeFields(root);
        EventType type = EventType.named(stringField(root, "type"));
        if (!expected.isAssignableFrom(type.dataClass())) {
            throw new UnexpectedEventTypeException(expected, type.typeName());
        }
        int version = schemaVersion(root);
        EventType.VersionReader reader = type.readerFor(version);
        if (reader == null) {
            throw new UnsupportedEventVersionException(type.typeName(), version, type.readableVersions());
        }
        Header header = bind(root, Header.class, "");
        EventData data = type.dataClass().cast(reader.read(bind(root.get("data"), reader.wireClass(), "data")));
        try {
            return new EventEnvelope<>(
                    header.specversion(),
                    header.id(),
                    type.typeName(),
                    header.source(),
                    header.time(),
                    header.subject(),
                    header.datacontenttype(),
                    // The data is now the current record, whatever version it was read from.
                    type.currentVersion(),
                    data);
        } catch (IllegalArgumentException invalid) {
            throw new MalformedEventException("invalid event envelope: " + invalid.getMessage(), null, invalid);
        }
    }

    private JsonNode parseObject(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("event is empty", null, null);
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException notJson) {
            throw new MalformedEventException(
                    "event is not valid JSON: " + oneLine(notJson.getOriginalMessage()), null, notJson);
        }
        if (!root.isObject()) {
            throw new MalformedEventException(
                    "event is not a JSON object but "
                            + root.getNodeType().name().toLowerCase(),
                    null,
                    null);
        }
        return root;
    }

    private static void requireEnvelopeFields(JsonNode root) {
        List<String> missing = ENVELOPE_FIELDS.stream()
                .filter(field -> !root.hasNonNull(field))
                .toList();
        if (!missing.isEmpty()) {
            String message = missing.size() == 1
                    ? "event envelope field '" + missing.getFirst() + "' is missing"
                    : "event envelope fields " + missing + " are missing";
            throw new MalformedEventException(message, missing.getFirst(), null);
        }
    }

    private static String stringField(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (!node.isString()) {
            throw new MalformedEventException(
                    "event envelope field '" + field + "' must be a string but was " + node, field, null);
        }
        return node.stringValue();
    }

    // Strict on purpose: the version decides how the data is read, so "1" or 1.5 is not a guess to make.
    private static int schemaVersion(JsonNode root) {
        JsonNode node = root.get("schemaVersion");
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new MalformedEventException(
                    "event envelope field 'schemaVersion' must be an integer but was " + node, "schemaVersion", null);
        }
        return node.intValue();
    }

    private <V> V bind(JsonNode node, Class<V> target, String pathPrefix) {
        try {
            return mapper.treeToValue(node, target);
        } catch (JacksonException mismatch) {
            String field = path(pathPrefix, mismatch.getPath());
            // Our records' own checks say what is wrong in words; Jackson's wrapper adds a class name.
            String problem = mismatch.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage()
                    : oneLine(mismatch.getOriginalMessage());
            String where = field == null ? "event" : "event field '" + field + "'";
            throw new MalformedEventException(where + " is invalid: " + problem, field, mismatch);
        }
    }

    private static String path(String prefix, List<JacksonException.Reference> references) {
        var path = new StringBuilder(prefix);
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    // Jackson's messages may span lines and point at a source location it has redacted anyway.
    private static String oneLine(String message) {
        if (message == null) {
            return "no details";
        }
        return message.replaceAll("\\s*\\(start marker at \\[Source: [^]]*]\\)", "")
                .replaceAll("\\s*at \\[Source: [^]]*]", "")
                .strip()
                .replaceAll("\\s*\\R\\s*", " ");
    }

    /** The envelope attributes other than type, version and data, which are read before binding. */
    private record Header(
            String specversion, String id, String source, Instant time, String subject, String datacontenttype) {}
}
