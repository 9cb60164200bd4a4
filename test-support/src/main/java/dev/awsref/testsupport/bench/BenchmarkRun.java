package dev.awsref.testsupport.bench;

import dev.awsref.testsupport.ProjectRoot;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects one benchmark's samples, run after run, each with the machine's 1-minute load average
 * at that moment (the machine is shared: a figure without its load says little). {@link #finish}
 * prints median and spread and, when {@code bench.results} is set (as {@code ./dev bench} sets
 * it), writes the result into that results file.
 */
public final class BenchmarkRun {

    private final String id;
    private final String title;
    private final String compares;
    private final String baseline;
    private final Map<String, Series> series = new LinkedHashMap<>();

    private record Series(String unit, String target, List<Double> samples, List<Double> loads) {}

    public BenchmarkRun(String id, String title, String compares, String baseline) {
        this.id = id;
        this.title = title;
        this.compares = compares;
        this.baseline = baseline;
    }

    /** Runs per figure: {@code bench.runs}, else {@code fallback}. */
    public static int runs(int fallback) {
        return Integer.getInteger("bench.runs", fallback);
    }

    /** A size (messages, requests, events) a benchmark scales by: {@code bench.<name>}, else {@code fallback}. */
    public static int size(String name, int fallback) {
        return Integer.getInteger("bench." + name, fallback);
    }

    /** A figure with no target of its own: context for one that has. */
    public void record(String figure, String unit, double value) {
        record(figure, unit, null, value);
    }

    public void record(String figure, String unit, String target, double value) {
        record(figure, unit, target, value, loadAverage());
    }

    /** A value measured earlier (by a script), with the load average seen then. */
    public void record(String figure, String unit, String target, double value, double loadAverage) {
        if (target != null) {
            new Target(target); // fail now, not when the docs are generated
        }
        var s = series.computeIfAbsent(figure, f -> new Series(unit, target, new ArrayList<>(), new ArrayList<>()));
        s.samples().add(value);
        s.loads().add(loadAverage);
        System.out.printf(
                Locale.ROOT,
                "  [%s] %s: %.3f %s (load %.2f)%n",
                id,
                figure,
                value,
                unit,
                s.loads().getLast());
    }

    public BenchmarkResult finish() {
        var figures = series.entrySet().stream()
                .map(e -> Figure.of(
                        e.getKey(),
                        e.getValue().unit(),
                        e.getValue().target(),
                        e.getValue().samples(),
                        e.getValue().loads()))
                .toList();
        int runs = figures.stream().mapToInt(f -> f.samples().size()).max().orElse(0);
        var result = new BenchmarkResult(
                id,
                title,
                compares,
                baseline,
                "./dev bench " + id,
                LocalDate.now(ZoneOffset.UTC).toString(),
                runs,
                machine(),
                figures);
        print(result);
        String file = System.getProperty("bench.results");
        if (file != null && !file.isBlank()) {
            var path = ProjectRoot.find().resolve(file);
            Results.read(path).with(result).write(path);
            System.out.println("  [" + id + "] written to " + path);
        }
        return result;
    }

    private static void print(BenchmarkResult result) {
        System.out.printf(Locale.ROOT, "%n%s (%d runs, %s)%n", result.title(), result.runs(), result.machine());
        for (Figure f : result.figures()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-48s median %10s %-8s spread %s-%s   load %s-%s   %s%s%n",
                    f.name(),
                    PerformanceDoc.number(f.median()),
                    f.unit(),
                    PerformanceDoc.number(f.min()),
                    PerformanceDoc.number(f.max()),
                    PerformanceDoc.number(f.loadAverages().stream()
                            .mapToDouble(Double::doubleValue)
                            .min()
                            .orElse(0)),
                    PerformanceDoc.number(f.loadAverages().stream()
                            .mapToDouble(Double::doubleValue)
                            .max()
                            .orElse(0)),
                    f.target() == null ? "" : "target " + f.target() + ": ",
                    f.verdict());
        }
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String machine() {
        return String.format(
                Locale.ROOT,
                "%d cores, Java %s",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version().feature());
    }
}
