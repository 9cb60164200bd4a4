package dev.awsref.platform.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An event as it travels: CloudEvents 1.0 attributes around the data, plus the data's schema
 * version. The JSON property names are the component names, so this record is the wire format.
 *
 * <p>An envelope always holds data in its type's current version: the codec lifts older versions
 * on reading, so {@code schemaVersion} here is the current one.
 *
 * @param specversion CloudEvents spec version, always {@value #SPEC_VERSION}
 * @param id a random UUID; consumers de-duplicate on it, so a redelivery keeps it
 * @param type the event type name, e.g. {@code OrderPlaced}
 * @param source the producing service, e.g. {@code order-service}
 * @param time when the producer created the event
 * @param subject what the event is about: the order id, or the user id for activity
 * @param datacontenttype always {@value #DATA_CONTENT_TYPE}
 * @param schemaVersion version of the data's schema
 * @param data the payload
 */
public record EventEnvelope<T extends EventData>(
        String specversion,
        String id,
        String type,
        String source,
        Instant time,
        String subject,
        String datacontenttype,
        int schemaVersion,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    public EventEnvelope {
        requireExactly(SPEC_VERSION, specversion, "specversion");
        requireUuid(Checks.text(id, "id"));
        Checks.text(type, "type");
        Checks.text(source, "source");
        Checks.present(time, "time");
        Checks.text(subject, "subject");
        requireExactly(DATA_CONTENT_TYPE, datacontenttype, "datacontenttype");
        EventType registered = EventType.of(Checks.present(data, "data"));
        // The type travels separately from the data, so a mismatch would route the message by one
        // type and bind it as another.
        if (!registered.typeName().equals(type)) {
            throw new IllegalArgumentException(
                    "type '" + type + "' does not match data of type " + registered.typeName());
        }
        if (schemaVersion != registered.currentVersion()) {
            throw new IllegalArgumentException("schemaVersion " + schemaVersion + " does not match "
                    + registered.typeName() + "'s current version " + registered.currentVersion());
        }
    }

    /** A new event: random id, the current time, type and version from the data's registration. */
    public static <T extends EventData> EventEnvelope<T> of(String source, String subject, T data) {
        return of(source, subject, data, Clock.systemUTC());
    }

    /** As {@link #of(String, String, EventData)}, with the time taken from {@code clock}. */
    public static <T extends EventData> EventEnvelope<T> of(String source, String subject, T data, Clock clock) {
        EventType type = EventType.of(data);
        return new EventEnvelope<>(
                SPEC_VERSION,
                UUID.randomUUID().toString(),
                type.typeName(),
                source,
                // Milliseconds survive every consumer's date parser; a JavaScript Date drops the rest,
                // and a time that changes in a round trip breaks equality checks downstream.
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                subject,
                DATA_CONTENT_TYPE,
                type.currentVersion(),
                data);
    }

    private static void requireExactly(String expected, String actual, String field) {
        if (!expected.equals(Checks.text(actual, field))) {
            throw new IllegalArgumentException(field + " must be \"" + expected + "\" but was \"" + actual + "\"");
        }
    }

    private static void requireUuid(String id) {
        try {
            // fromString alone accepts short forms like "1-1-1-1-1"; idempotency keys must compare as text.
            if (UUID.fromString(id).toString().equalsIgnoreCase(id)) {
                return;
            }
        } catch (IllegalArgumentException notAUuid) {
            // reported below
        }
        throw new IllegalArgumentException("id must be a UUID but was '" + id + "'");
    }
}
