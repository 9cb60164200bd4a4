package dev.awsref.platform.topology.doc;

import dev.awsref.platform.topology.ReferenceTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar platform-*-provisioner.jar architecture-doc}: rewrites the generated tables of
 * docs/architecture.md from {@link ReferenceTopology} in place, or with {@code --check} only says
 * where they disagree. Needs no AWS.
 */
@Command(
        name = "architecture-doc",
        mixinStandardHelpOptions = true,
        description = "Rewrites the generated tables of " + ArchitectureDoc.PATH + " from the topology model.")
public final class ArchitectureDocCommand implements Callable<Integer> {

    @Option(
            names = "--doc",
            description = "The file to rewrite (default: " + ArchitectureDoc.PATH
                    + " in the current directory or the nearest one above).")
    Optional<Path> doc;

    @Option(
            names = "--check",
            description = "Change nothing; exit 1 and name every difference if the tables are stale.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        Optional<Path> found = doc.or(() -> ArchitectureDoc.find(Path.of("")));
        if (found.isEmpty() || !Files.isRegularFile(found.get())) {
            System.err.println("error: cannot find " + doc.map(Path::toString).orElse(ArchitectureDoc.PATH)
                    + "; run this from the repository or give --doc");
            return 2;
        }
        Path file = found.get();
        var topology = ReferenceTopology.definition();
        String markdown = Files.readString(file);
        String regenerated;
        try {
            regenerated = ArchitectureDoc.regenerate(markdown, topology);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (regenerated.equals(markdown)) {
            System.out.println(file + ": the generated tables already match the topology");
            return 0;
        }
        if (check) {
            System.out.println(file + " does not match the topology:");
            var problems = ArchitectureDoc.problems(markdown, topology);
            problems.forEach(p -> System.out.println("  - " + p));
            if (problems.isEmpty()) {
                System.out.println("  - the tables say the same, but not in the layout the generator writes");
            }
            System.out.println("regenerate it with: " + ArchitectureDoc.REGENERATE_COMMAND);
            return 1;
        }
        Files.writeString(file, regenerated);
        System.out.println(file + ": rewrote the generated tables from the topology");
        return 0;
    }
}
