package dev.awsref.platform.events;

/**
 * A well-formed event of a different type than the caller asked for, e.g. an {@code OrderPaid} on
 * a queue whose subscription filter should only let {@code OrderPlaced} through.
 */
public final class UnexpectedEventTypeException extends EventContractException {

    private final Class<? extends EventData> expected;
    private final String actualTypeName;

    public UnexpectedEventTypeException(Class<? extends EventData> expected, String actualTypeName) {
        super("expected an event of type " + describe(expected) + " but got " + actualTypeName);
        this.expected = expected;
        this.actualTypeName = actualTypeName;
    }

    public Class<? extends EventData> expected() {
        return expected;
    }

    public String actualTypeName() {
        return actualTypeName;
    }

    // Speak in wire names where there is one; only an abstract expectation has just a Java name.
    private static String describe(Class<? extends EventData> expected) {
        return EventType.find(expected).map(EventType::typeName).orElse(expected.getSimpleName());
    }
}
