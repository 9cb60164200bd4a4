package dev.awsref.platform.topology.doc;

import dev.awsref.platform.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The generated parts of docs/architecture.md. Each lies between {@code <!-- name:begin -->} and
 * {@code <!-- name:end -->} and is rendered from the topology model: the services' ports and
 * dependencies ({@code services}), and the resource and permission tables ({@code topology}).
 * Everything outside the markers is prose, and is left as it is.
 */
public final class ArchitectureDoc {

    /** Where the doc is, from the repository root. */
    public static final String PATH = "docs/architecture.md";

    /** What to run, from the repository root, after changing the model. */
    public static final String REGENERATE_COMMAND = "./mvnw -q -pl platform -am package -DskipTests"
            + " && java -jar platform/target/platform-*-provisioner.jar architecture-doc";

    private record Section(String name, Function<Topology, String> renderer) {

        String begin() {
            return "<!-- " + name + ":begin -->";
        }

        String end() {
            return "<!-- " + name + ":end -->";
        }
    }

    private static final List<Section> SECTIONS =
            List.of(new Section("services", ServiceTable::render), new Section("topology", ResourceTables::render));

    private ArchitectureDoc() {}

    /** The doc with every generated section rendered afresh from the topology. */
    public static String regenerate(String markdown, Topology topology) {
        String result = markdown;
        for (Section section : SECTIONS) {
            result = replaceSection(result, section, section.renderer().apply(topology));
        }
        return result;
    }

    /**
     * Every disagreement between the doc's generated tables and the topology, one sentence each
     * (naming the resource and the column); empty when the tables say what the model says.
     */
    public static List<String> problems(String markdown, Topology topology) {
        return TableComparison.compare(
                TableComparison.parse(renderedTables(topology)), TableComparison.parse(markdown));
    }

    /** Every generated table, as the model says they must read. */
    static String renderedTables(Topology topology) {
        var tables = new StringBuilder();
        SECTIONS.forEach(
                section -> tables.append(section.renderer().apply(topology)).append('\n'));
        return tables.toString();
    }

    /** The doc at {@code start}/docs/architecture.md, or in the nearest directory above that has one. */
    public static Optional<Path> find(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(PATH))) {
                return Optional.of(dir.resolve(PATH));
            }
        }
        return Optional.empty();
    }

    /** Replaces what lies between the markers of the named section. */
    static String replaceSection(String markdown, String name, String content) {
        return SECTIONS.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .map(section -> replaceSection(markdown, section, content))
                .orElseThrow(() -> new IllegalArgumentException("no generated section named '" + name + "'"));
    }

    private static String replaceSection(String markdown, Section section, String content) {
        int begin = markdown.indexOf(section.begin());
        int end = markdown.indexOf(section.end());
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(PATH + " needs the markers " + section.begin() + " and " + section.end()
                    + ", in that order, around the tables to generate there");
        }
        return markdown.substring(0, begin + section.begin().length()) + "\n\n" + content.stripTrailing() + "\n\n"
                + markdown.substring(end);
    }
}
