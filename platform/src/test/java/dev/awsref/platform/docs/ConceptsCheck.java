package dev.awsref.platform.docs;

import dev.awsref.platform.docs.ConceptsTable.Row;
import dev.awsref.platform.docs.ConceptsTable.TestRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a row of docs/concepts.md true: its links lead to files (and headings) that exist, each
 * test it names exists, and each of those test methods mentions one of the row's proof keywords, so
 * a test cannot be claimed for a concept it never touches. A row without a test must say why the
 * concept is not built and what building it would change.
 */
final class ConceptsCheck {

    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$");

    private final Path root;
    private final TestSources tests;

    ConceptsCheck(Path root) {
        this.root = root;
        this.tests = TestSources.under(root);
    }

    List<String> problems(ConceptsTable table) {
        List<String> problems = new ArrayList<>();
        if (table.rows().isEmpty()) {
            problems.add("no table with the header " + ConceptsTable.HEADER);
        }
        for (Row row : table.rows()) {
            String where = ConceptsTable.PATH + ":" + row.line() + " (" + row.concept() + "): ";
            row.links().forEach(link -> brokenLink(link).ifPresent(p -> problems.add(where + p)));
            if (ConceptsTable.linksIn(row.docs()).isEmpty()) {
                problems.add(where + "names no docs page");
            }
            if (row.claimsNoTest()) {
                if (!row.code().contains("Not built") || !row.code().contains("If built")) {
                    problems.add(where + "claims no test, so its code cell must say 'Not built' (why) and 'If built'"
                            + " (what would change)");
                }
                continue;
            }
            if (row.keywords().isEmpty()) {
                problems.add(where + "names tests but no proof keyword for them to contain");
            }
            for (TestRef test : row.tests()) {
                testProblem(test, row.keywords()).ifPresent(p -> problems.add(where + p));
            }
        }
        return problems;
    }

    private Optional<String> testProblem(TestRef test, List<String> keywords) {
        Optional<Path> file = tests.classFile(test.className());
        if (file.isEmpty()) {
            return Optional.of("test class " + test.className() + " does not exist under any src/test/java");
        }
        Optional<String> body = TestSources.methodBody(TestSources.read(file.get()), test.method());
        if (body.isEmpty()) {
            return Optional.of("test " + test + " does not exist in " + root.relativize(file.get()));
        }
        if (keywords.stream().noneMatch(body.get()::contains)) {
            return Optional.of(
                    "test " + test + " mentions none of " + keywords + ", so it does not exercise this concept");
        }
        return Optional.empty();
    }

    private Optional<String> brokenLink(String link) {
        if (link.startsWith("http://") || link.startsWith("https://")) {
            return Optional.empty();
        }
        String[] parts = link.split("#", 2);
        Path target = parts[0].isEmpty()
                ? root.resolve(ConceptsTable.PATH)
                : root.resolve("docs").resolve(parts[0]).normalize();
        if (!Files.exists(target)) {
            return Optional.of("link " + link + " leads to " + root.relativize(target) + ", which does not exist");
        }
        if (parts.length == 2
                && target.toString().endsWith(".md")
                && !anchors(TestSources.read(target)).contains(parts[1])) {
            return Optional.of("link " + link + ": " + root.relativize(target) + " has no heading #" + parts[1]);
        }
        return Optional.empty();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        Matcher m = HEADING.matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }
}
