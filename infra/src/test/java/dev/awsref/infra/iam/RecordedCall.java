package dev.awsref.infra.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * One distinct IAM request a service made in its integration tests, as test-support's recorder
 * wrote it to {@code <module>/target/aws-calls/<service>.jsonl}.
 */
record RecordedCall(
        String principal,
        String action,
        String resource,
        Map<String, String> context,
        String operation,
        String caller) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<RecordedCall> read(Path file) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank())
                    .map(l -> JSON.readValue(l, RecordedCall.class))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
