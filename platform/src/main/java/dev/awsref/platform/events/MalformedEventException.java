package dev.awsref.platform.events;

import java.util.Optional;

/**
 * The message is not an event: not JSON, an envelope field missing or invalid, or data that does
 * not match the record for its type and version.
 */
public final class MalformedEventException extends EventContractException {

    private final String field;

    public MalformedEventException(String message, String field, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /**
     * The offending field as a path into the JSON, e.g. {@code id} or {@code data.lines[0].quantity},
     * when it is known.
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
