package dev.awsref.platform.events;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The envelope's {@code type} is not one this code has a contract for. */
public final class UnknownEventTypeException extends EventContractException {

    private final String typeName;

    public UnknownEventTypeException(String typeName) {
        super("unknown event type '" + typeName + "'; known: "
                + Arrays.stream(EventType.values()).map(EventType::typeName).collect(Collectors.joining(", ")));
        this.typeName = typeName;
    }

    /** The type name as it appeared on the wire. */
    public String typeName() {
        return typeName;
    }
}
