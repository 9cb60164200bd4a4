package dev.awsref.platform.events;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of event types: the wire name, the record its data binds to, the version producers
 * write, and the versions this code can read.
 *
 * <p>To evolve a type incompatibly, keep the old shape as a plain record (say {@code
 * OrderPlacedV1}, not an {@link EventData}), change the current record, raise the current version
 * and register how to lift the old shape:
 *
 * <pre>{@code
 * ORDER_PLACED("OrderPlaced", OrderPlaced.class, 2,
 *         VersionReader.upcasting(1, OrderPlacedV1.class, OrderPlacedV1::toCurrent)),
 * }</pre>
 *
 * <p>Consumers then read v1 and v2 alike and only ever see the current record; deploy them before
 * the producer starts writing v2. Adding an optional field is not a new version: readers ignore
 * properties they do not know.
 */
public enum EventType {
    ORDER_PLACED("OrderPlaced", OrderPlaced.class, 1),
    ORDER_PAID("OrderPaid", OrderPaid.class, 1),
    ORDER_SHIPPED("OrderShipped", OrderShipped.class, 1),
    ORDER_CANCELLED("OrderCancelled", OrderCancelled.class, 1),
    USER_ACTIVITY("UserActivity", UserActivity.class, 1);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_DATA_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

    private final String typeName;
    private final Class<? extends EventData> dataClass;
    private final int currentVersion;
    private final SortedMap<Integer, VersionReader> readers;

    EventType(
            String typeName, Class<? extends EventData> dataClass, int currentVersion, VersionReader... olderVersions) {
        this.typeName = typeName;
        this.dataClass = dataClass;
        this.currentVersion = currentVersion;
        var byVersion = new TreeMap<Integer, VersionReader>();
        byVersion.put(currentVersion, new VersionReader(currentVersion, dataClass, dataClass::cast));
        for (VersionReader older : olderVersions) {
            if (byVersion.putIfAbsent(older.version(), older) != null) {
                throw new IllegalStateException(typeName + " registers schemaVersion " + older.version() + " twice");
            }
        }
        this.readers = Collections.unmodifiableSortedMap(byVersion);
    }

    /** The name on the wire, in the envelope's {@code type} and the {@code eventType} attribute. */
    public String typeName() {
        return typeName;
    }

    /** The record the current version's data binds to. */
    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The version producers write. */
    public int currentVersion() {
        return currentVersion;
    }

    /** Every version this code can read, the current one included. */
    public SortedSet<Integer> readableVersions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(readers.keySet()));
    }

    public boolean canRead(int schemaVersion) {
        return readers.containsKey(schemaVersion);
    }

    /**
     * The type with this wire name.
     *
     * @throws UnknownEventTypeException if there is none
     */
    public static EventType named(String typeName) {
        EventType type = BY_NAME.get(typeName);
        if (type == null) {
            throw new UnknownEventTypeException(typeName);
        }
        return type;
    }

    /** The type with this wire name, if any. */
    public static Optional<EventType> find(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    /** The type whose current data record is this class, if any. */
    public static Optional<EventType> find(Class<?> dataClass) {
        return Optional.ofNullable(BY_DATA_CLASS.get(dataClass));
    }

    /** The type whose current data record is this class. */
    public static EventType of(Class<? extends EventData> dataClass) {
        return find(dataClass)
                .orElseThrow(() -> new IllegalStateException(
                        dataClass.getName() + " is an EventData without an EventType; register it"));
    }

    /** The type of this data. */
    public static EventType of(EventData data) {
        return of(Checks.present(data, "data").getClass());
    }

    /** How to read {@code schemaVersion}, or {@code null} when this code cannot. */
    VersionReader readerFor(int schemaVersion) {
        return readers.get(schemaVersion);
    }

    /**
     * How to read one schema version: the record its JSON data binds to, and how to lift that
     * record to the current one.
     */
    record VersionReader(int version, Class<?> wireClass, Function<Object, ? extends EventData> toCurrent) {

        /** A past version bound to {@code wireClass} and lifted to the current record by {@code upcaster}. */
        static <W> VersionReader upcasting(
                int version, Class<W> wireClass, Function<? super W, ? extends EventData> upcaster) {
            return new VersionReader(version, wireClass, wire -> upcaster.apply(wireClass.cast(wire)));
        }

        EventData read(Object wire) {
            return toCurrent.apply(wire);
        }
    }
}
