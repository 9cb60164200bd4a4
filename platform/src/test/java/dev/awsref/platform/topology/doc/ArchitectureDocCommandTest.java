package dev.awsref.platform.topology.doc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ReferenceTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArchitectureDocCommandTest {

    private static final String STALE = """
            # Architecture

            Prose that stays.

            <!-- services:begin -->
            ### Ports and dependencies

            | Service | HTTP port |
            | --- | --- |
            | order-service | 8080 |
            <!-- services:end -->

            <!-- topology:begin -->
            stale
            <!-- topology:end -->

            More prose.
            """;

    @TempDir
    Path dir;

    @Test
    void checkNamesAStaleDocWithoutChangingIt() throws IOException {
        Path doc = write(STALE);

        assertThat(run("--doc", doc.toString(), "--check")).isEqualTo(1);
        assertThat(Files.readString(doc)).isEqualTo(STALE);
    }

    @Test
    void rewritesTheGeneratedTablesInPlaceAndLeavesTheProse() throws IOException {
        Path doc = write(STALE);

        assertThat(run("--doc", doc.toString())).isZero();

        String rewritten = Files.readString(doc);
        assertThat(rewritten)
                .startsWith("# Architecture\n\nProse that stays.\n")
                .endsWith("\nMore prose.\n");
        assertThat(ArchitectureDoc.problems(rewritten, ReferenceTopology.definition()))
                .isEmpty();
        assertThat(run("--doc", doc.toString(), "--check")).isZero();
    }

    @Test
    void aDocWithoutMarkersIsAnErrorAndStaysAsItWas() throws IOException {
        Path doc = write("# Architecture\n");

        assertThat(run("--doc", doc.toString())).isEqualTo(2);
        assertThat(Files.readString(doc)).isEqualTo("# Architecture\n");
    }

    private Path write(String markdown) throws IOException {
        Path doc = dir.resolve("architecture.md");
        Files.writeString(doc, markdown);
        return doc;
    }

    private static int run(String... args) {
        return new CommandLine(new ArchitectureDocCommand()).execute(args);
    }
}
