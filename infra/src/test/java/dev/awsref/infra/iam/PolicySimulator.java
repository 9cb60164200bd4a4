package dev.awsref.infra.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IAM policy simulator: {@code tools/iam/simulate.mjs}, which runs
 * {@code @cloud-copilot/iam-simulate} (npm, AGPL-3.0, a test-time tool that is not shipped) in Node,
 * offline. Installs it with {@code npm ci} the first time.
 */
final class PolicySimulator {

    /** One request to evaluate, with the policies that decide it. */
    record Case(
            String id,
            String principal,
            String action,
            String resource,
            String accountId,
            Map<String, Object> context,
            List<Map<String, Object>> identityPolicies,
            Object resourcePolicy) {}

    /** What the simulator said: Allowed, ImplicitlyDenied, ExplicitlyDenied or Error. */
    record Outcome(String id, String result, List<String> grants, List<Object> denials, Object errors) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path toolDir;

    PolicySimulator(Path projectRoot) {
        this.toolDir = projectRoot.resolve("tools/iam");
    }

    List<Outcome> evaluate(List<Case> cases) throws IOException, InterruptedException {
        installIfMissing();
        Path input = Files.createTempFile("iam-cases", ".json");
        Path output = Files.createTempFile("iam-results", ".json");
        try {
            JSON.writeValue(input.toFile(), cases);
            Process node = new ProcessBuilder("node", "simulate.mjs")
                    .directory(toolDir.toFile())
                    .redirectInput(input.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!node.waitFor(5, TimeUnit.MINUTES) || node.exitValue() != 0) {
                throw new IllegalStateException("tools/iam/simulate.mjs failed (exit " + node.exitValue() + ")");
            }
            return JSON.readValue(Files.readString(output, StandardCharsets.UTF_8), new TypeReference<>() {});
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    private void installIfMissing() throws IOException, InterruptedException {
        if (Files.isDirectory(toolDir.resolve("node_modules/@cloud-copilot/iam-simulate"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(toolDir.toFile())
                .inheritIO()
                .start();
        if (npm.waitFor() != 0) {
            throw new UncheckedIOException(new IOException("npm ci in " + toolDir + " failed"));
        }
    }
}
