package dev.awsref.testsupport.bench;

import java.util.List;

/**
 * What one benchmark measured in one invocation: what it compares and why the baseline is fair,
 * the command that reproduces it, and its figures.
 */
public record BenchmarkResult(
        String id,
        String title,
        String compares,
        String baseline,
        String command,
        String date,
        int runs,
        String machine,
        List<Figure> figures) {

    public Figure figure(String name) {
        return figures.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(id + " has no figure '" + name + "'"));
    }
}
