package dev.awsref.testsupport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.testsupport.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerformanceDocTest {

    private final Path root = ProjectRoot.find();

    @Test
    void everyFigureTableInTheDocsIsTheOneTheResultsFileGives() throws Exception {
        var doc = new PerformanceDoc(Results.read(root.resolve(Results.FILE)));
        Map<Path, String> expected = doc.expected(root);
        assertThat(expected).as("pages with bench sections").isNotEmpty();
        if (Boolean.getBoolean("bench.update-docs")) { // how ./dev bench rewrites the pages
            for (var page : expected.entrySet()) {
                Files.writeString(page.getKey(), page.getValue());
            }
        }
        for (var page : expected.entrySet()) {
            assertThat(Files.readString(page.getKey()))
                    .as(
                            "%s differs from %s: run ./dev bench (./dev bench --docs-only rewrites the tables"
                                    + " from the file) instead of editing figures by hand",
                            root.relativize(page.getKey()), Results.FILE)
                    .isEqualTo(page.getValue());
        }
    }

    @Test
    void everyBenchmarkInTheResultsFileHasItsTableSomewhereInTheDocs() {
        var results = Results.read(root.resolve(Results.FILE));
        var doc = new PerformanceDoc(results);
        String allPages = String.join("\n", doc.expected(root).values());
        assertThat(results.benchmarks().keySet())
                .allSatisfy(id -> assertThat(allPages).contains("<!-- bench:" + id + " -->"));
    }

    @Test
    void aHandEditedFigureIsPutBackFromTheResults() {
        var doc = new PerformanceDoc(new Results(Map.of("demo", demo())));
        String generated = doc.render("# page\n<!-- bench:demo -->\n<!-- /bench:demo -->\nafter\n");
        String edited = generated.replace("| 0.95 |", "| 1.20 |");

        assertThat(edited).isNotEqualTo(generated);
        assertThat(doc.render(edited)).isEqualTo(generated);
        assertThat(generated).contains("| ratio | x | >= 0.9 (met) | 0.95 | 0.90–1.00 | 3 | 1.50–3.00 |");
    }

    @Test
    void aPageAskingForABenchmarkWithoutResultsIsAnError() {
        var doc = new PerformanceDoc(new Results(Map.of()));
        assertThatThrownBy(() -> doc.render("<!-- bench:missing -->\n<!-- /bench:missing -->\n"))
                .hasMessageContaining("missing");
    }

    @Test
    void aFigureIsJudgedByItsMedian() {
        var figure = Figure.of("f", "x", ">= 0.9", List.of(0.5, 0.95, 0.96), List.of(1.0, 1.0, 1.0));
        assertThat(figure.median()).isEqualTo(0.95);
        assertThat(figure.verdict()).isEqualTo("met");
        assertThat(Figure.of("f", "x", "<= 0.5", List.of(0.6, 0.7), List.of(1.0, 1.0))
                        .verdict())
                .isEqualTo("missed");
    }

    private static BenchmarkResult demo() {
        return new BenchmarkResult(
                "demo",
                "Demo",
                "a with b.",
                "b is fair.",
                "./dev bench demo",
                "2026-11-30",
                3,
                "2 cores, Java 25",
                List.of(Figure.of("ratio", "x", ">= 0.9", List.of(0.9, 0.95, 1.0), List.of(1.5, 2.0, 3.0))));
    }
}
