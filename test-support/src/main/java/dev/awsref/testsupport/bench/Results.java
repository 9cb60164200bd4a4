package dev.awsref.testsupport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed results file (docs/benchmarks/results.json): the last result of every benchmark,
 * by id. A benchmark run replaces its own entry and leaves the others as they were.
 */
public record Results(Map<String, BenchmarkResult> benchmarks) {

    public static final String FILE = "docs/benchmarks/results.json";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public Results {
        benchmarks = new TreeMap<>(benchmarks);
    }

    public static Results read(Path file) {
        if (!Files.exists(file)) {
            return new Results(Map.of());
        }
        return JSON.readValue(file.toFile(), Results.class);
    }

    public Results with(BenchmarkResult result) {
        var all = new TreeMap<>(benchmarks);
        all.put(result.id(), result);
        return new Results(all);
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
