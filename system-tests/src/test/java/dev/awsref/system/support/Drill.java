package dev.awsref.system.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * The outcome of a fault drill in three counts: what the drill put in, what came out the other
 * end, and the difference. Printed, and appended to {@code target/system-tests/drills.txt}.
 */
public record Drill(String name, long injected, long observed, long lost) {

    /** {@code expected} went in; those of them found in {@code seen} came out. */
    public static Drill of(String name, Collection<String> expected, Set<String> seen) {
        long observed = expected.stream().filter(seen::contains).count();
        return new Drill(name, expected.size(), observed, expected.size() - observed);
    }

    public Drill print() {
        String line = "DRILL %-40s injected=%d observed=%d lost=%d".formatted(name, injected, observed, lost);
        System.out.println(line);
        try {
            Path report = Path.of("target/system-tests/drills.txt");
            Files.createDirectories(report.getParent());
            Files.writeString(
                    report,
                    Instant.now() + " " + line + System.lineSeparator(),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
