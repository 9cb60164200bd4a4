package dev.awsref.platform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ProjectRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/concepts.md maps every concept of the study notes to code, a test and a page. This test reads
 * that table and holds each row to it: see {@link ConceptsCheck}.
 */
class ConceptsDocTest {

    private static final Path ROOT = ProjectRoot.find();
    private static final ConceptsCheck CHECK = new ConceptsCheck(ROOT);

    @Test
    void everyRowLinksFilesThatExistAndNamesTestsThatExistAndExerciseItsConcept() {
        ConceptsTable table = ConceptsTable.parse(TestSources.read(ROOT.resolve(ConceptsTable.PATH)));

        assertThat(table.rows()).as("rows of " + ConceptsTable.PATH).hasSizeGreaterThan(40);
        assertThat(CHECK.problems(table))
                .as(ConceptsTable.PATH + " against the repository")
                .isEmpty();
    }

    @Test
    void aRowWithAMissingFileAMissingTestOrATestThatDoesNotExerciseItsConceptIsReported() {
        String broken = ConceptsTable.HEADER + "\n|---|---|---|---|---|\n"
                + "| missing file | `anything` | [`Gone`](../platform/src/main/java/Gone.java) | — | [x](purpose.md) |\n"
                + "| missing class | `x` | [c](architecture.md) | `NoSuchTest#method` | [x](purpose.md) |\n"
                + "| missing method | `x` | [c](architecture.md) | `ConceptsDocTest#noSuchMethod` | [x](purpose.md) |\n"
                + "| wrong test | `MessageRetentionPeriod` | [c](architecture.md)"
                + " | `ConceptsDocTest#everyRowLinksFilesThatExistAndNamesTestsThatExistAndExerciseItsConcept`"
                + " | [x](purpose.md#no-such-heading) |\n";

        List<String> problems = CHECK.problems(ConceptsTable.parse(broken));

        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("Gone.java").contains("does not exist"))
                .anySatisfy(p -> assertThat(p).contains("must say 'Not built'"))
                .anySatisfy(p -> assertThat(p).contains("test class NoSuchTest does not exist"))
                .anySatisfy(p -> assertThat(p).contains("ConceptsDocTest#noSuchMethod does not exist"))
                .anySatisfy(p -> assertThat(p).contains("mentions none of [MessageRetentionPeriod]"))
                .anySatisfy(p -> assertThat(p).contains("has no heading #no-such-heading"));
    }
}
