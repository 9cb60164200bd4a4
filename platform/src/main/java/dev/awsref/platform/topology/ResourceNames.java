package dev.awsref.platform.topology;

import java.util.regex.Pattern;

/**
 * Turns a logical name from the topology into the name of the resource in one environment, so
 * several environments (a developer's, CI's, a test class's) can share one account or emulator.
 * The prefix goes in front, which keeps the {@code .fifo} suffix where SQS and SNS want it.
 */
public record ResourceNames(String prefix) {

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");

    public ResourceNames {
        if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("environment prefix '" + prefix
                    + "' must be 1-24 lower-case letters, digits or '-', starting with a letter or digit");
        }
    }

    public static ResourceNames unprefixed() {
        return new ResourceNames("");
    }

    public String physical(String logicalName) {
        return prefix.isEmpty() ? logicalName : prefix + "-" + logicalName;
    }
}
