package dev.awsref.platform.topology;

import java.util.List;

/** The topology breaks a rule AWS enforces (or should); each problem names the resource. */
public class InvalidTopologyException extends RuntimeException {

    private final List<String> problems;

    public InvalidTopologyException(List<String> problems) {
        super("invalid topology:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
