package dev.awsref.testsupport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the figure tables of the docs from the results file. A page asks for a benchmark's table
 * with a pair of markers, and everything between them is generated:
 *
 * <pre>
 * &lt;!-- bench:sqs-listener-vs-loop --&gt;
 * (the table, written here)
 * &lt;!-- /bench:sqs-listener-vs-loop --&gt;
 * </pre>
 *
 * {@code PerformanceDocTest} fails when a page differs from what this writes, so no figure in the
 * docs lacks its run; {@code ./dev bench} rewrites the pages after it measured.
 */
public final class PerformanceDoc {

    private static final Pattern SECTION =
            Pattern.compile("(?s)(<!-- bench:([a-z0-9-]+) -->\\n)(.*?)(<!-- /bench:\\2 -->)");

    private final Results results;

    public PerformanceDoc(Results results) {
        this.results = results;
    }

    /** Rewrites the docs under {@code root} from {@code root}/docs/benchmarks/results.json. */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        var doc = new PerformanceDoc(Results.read(root.resolve(Results.FILE)));
        doc.expected(root).forEach((page, text) -> {
            try {
                Files.writeString(page, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Every page under docs/ that has a bench section, with the text it should have. */
    public Map<Path, String> expected(Path root) {
        try (Stream<Path> pages = Files.walk(root.resolve("docs"))) {
            var expected = new LinkedHashMap<Path, String>();
            for (Path page :
                    pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String text = Files.readString(page);
                if (SECTION.matcher(text).find()) {
                    expected.put(page, render(text));
                }
            }
            return expected;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page with each bench section filled from the results. */
    public String render(String page) {
        Matcher m = SECTION.matcher(page);
        var out = new StringBuilder();
        while (m.find()) {
            String id = m.group(2);
            BenchmarkResult result = results.benchmarks().get(id);
            if (result == null) {
                throw new IllegalStateException("the docs show benchmark '" + id + "', which " + Results.FILE
                        + " does not have (run ./dev bench " + id + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + table(result) + m.group(4)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String table(BenchmarkResult result) {
        var rows = result.figures().stream()
                .map(f -> String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s–%s | %d | %s |",
                        f.name(),
                        f.unit(),
                        f.target() == null ? "" : f.target() + " (" + f.verdict() + ")",
                        number(f.median()),
                        number(f.min()),
                        number(f.max()),
                        f.samples().size(),
                        range(f)))
                .collect(Collectors.joining("\n"));
        return "| figure | unit | target | median | spread (min–max) | runs | load average (1 min) |\n"
                + "|---|---|---|---|---|---|---|\n"
                + rows
                + "\n\n"
                + String.format(
                        Locale.ROOT,
                        "_%s._ Compares %s Baseline: %s Up to %d runs on %s (%s), by `%s`; the machine"
                                + " was shared, so each figure carries the load average seen while it was"
                                + " measured. Generated from [results.json](%s) by `PerformanceDoc`: do not edit.\n",
                        result.title(),
                        result.compares(),
                        result.baseline(),
                        result.runs(),
                        result.date(),
                        result.machine(),
                        result.command(),
                        "benchmarks/results.json");
    }

    private static String range(Figure f) {
        var loads = f.loadAverages().stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return number(loads.getMin()) + "–" + number(loads.getMax());
    }

    /** As the docs write numbers: thousands separated, two decimals below 10, one below 100. */
    public static String number(double value) {
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
