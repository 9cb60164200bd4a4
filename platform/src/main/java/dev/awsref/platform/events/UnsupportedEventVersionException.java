package dev.awsref.platform.events;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The event type is known but this reader cannot read its {@code schemaVersion}: typically a
 * producer was deployed with a newer contract before its consumers were.
 */
public final class UnsupportedEventVersionException extends EventContractException {

    private final String typeName;
    private final int version;
    private final SortedSet<Integer> supportedVersions;

    public UnsupportedEventVersionException(String typeName, int version, SortedSet<Integer> supportedVersions) {
        super("event type " + typeName + " schemaVersion " + version + " is not supported by this reader (supported: "
                + supportedVersions + "); deploy a reader that knows it or route the message to the DLQ");
        this.typeName = typeName;
        this.version = version;
        this.supportedVersions = Collections.unmodifiableSortedSet(new TreeSet<>(supportedVersions));
    }

    public String typeName() {
        return typeName;
    }

    public int version() {
        return version;
    }

    public SortedSet<Integer> supportedVersions() {
        return supportedVersions;
    }
}
