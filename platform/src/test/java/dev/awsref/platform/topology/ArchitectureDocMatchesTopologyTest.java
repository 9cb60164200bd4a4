package dev.awsref.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.awsref.platform.topology.doc.ArchitectureDoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/architecture.md honest: its generated tables must be exactly what {@link
 * ArchitectureDoc} renders from {@link ReferenceTopology}, and its hand-drawn diagram must name
 * every resource of the model. After changing the model, regenerate the tables with {@value
 * ArchitectureDoc#REGENERATE_COMMAND}.
 */
class ArchitectureDocMatchesTopologyTest {

    @Test
    void everyGeneratedTableInTheArchitectureDocIsWhatTheModelRenders() throws IOException {
        Topology topology = ReferenceTopology.definition();
        String markdown = Files.readString(architectureDoc());

        if (!ArchitectureDoc.regenerate(markdown, topology).equals(markdown)) {
            List<String> problems = ArchitectureDoc.problems(markdown, topology);
            fail(ArchitectureDoc.PATH + " does not say what ReferenceTopology.definition() says:\n  - "
                    + (problems.isEmpty()
                            ? "the tables agree, but are not laid out as the generator writes them"
                            : String.join("\n  - ", problems))
                    + "\nIf the model is right, regenerate the doc's tables (from the repository root) with\n  "
                    + ArchitectureDoc.REGENERATE_COMMAND);
        }
    }

    @Test
    void theDiagramNamesEveryResourceOfTheTopology() throws IOException {
        String diagram = mermaidDiagram(Files.readString(architectureDoc()));
        Topology topology = ReferenceTopology.definition();

        List<String> missing = Stream.of(
                        topology.topics().stream().map(t -> "topic " + t.name()),
                        topology.queues().stream().map(q -> "queue " + q.name()),
                        topology.buckets().stream().map(b -> "bucket " + b.name()),
                        topology.streams().stream().map(s -> "stream " + s.name()),
                        topology.tables().stream().map(t -> "table " + t.name()))
                .flatMap(Function.identity())
                .filter(resource -> !mentions(diagram, resource.substring(resource.indexOf(' ') + 1)))
                .toList();

        assertThat(missing)
                .as("resources declared in ReferenceTopology but absent from the Mermaid diagram in "
                        + ArchitectureDoc.PATH)
                .isEmpty();
    }

    private static String mermaidDiagram(String markdown) {
        int start = markdown.indexOf("```mermaid");
        assertThat(start).as("a ```mermaid block in " + ArchitectureDoc.PATH).isNotNegative();
        int end = markdown.indexOf("```", start + "```mermaid".length());
        assertThat(end)
                .as("the end of the ```mermaid block in " + ArchitectureDoc.PATH)
                .isPositive();
        return markdown.substring(start, end);
    }

    /** Whether the name stands on its own: order-events must not be found inside notification-order-events. */
    private static boolean mentions(String text, String name) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w-]|\\.\\w)")
                .matcher(text)
                .find();
    }

    /** docs/architecture.md under the reactor root (Surefire's project.root), else the nearest directory above. */
    private static Path architectureDoc() {
        String root = System.getProperty("project.root", "");
        return ArchitectureDoc.find(Path.of(root))
                .or(() -> ArchitectureDoc.find(Path.of("")))
                .orElseGet(() -> fail("cannot find " + ArchitectureDoc.PATH + " in project.root (" + root
                        + ") or above " + Path.of("").toAbsolutePath()));
    }
}
