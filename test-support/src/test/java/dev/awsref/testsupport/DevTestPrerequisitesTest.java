package dev.awsref.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./dev test} checks for the machine's PostgreSQL and Redis only when the tests will use
 * them, that is when no Docker engine answers. No engine runs on the build machines, so a fake
 * probe ({@code DEV_DOCKER_PROBE}) answers for Docker, and PostgreSQL and Redis are "down" because
 * the command is pointed at ports nothing listens on.
 */
class DevTestPrerequisitesTest {

    @TempDir
    Path dir;

    private final int closedPort = closedPort();

    @Test
    void whenDockerAnswersTheMachinesPostgresAndRedisAreNotCheckedAndMavenRuns() throws Exception {
        var run = devTest(probe("exit 0"), "-o", "-N", "-q", "-Dspotless.check.skip=true", "-Djacoco.skip=true");

        assertThat(run.output())
                .contains("a Docker engine answers: Testcontainers supplies the tests' PostgreSQL and Redis")
                .doesNotContain("PostgreSQL is not reachable")
                .doesNotContain("Redis is not reachable");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void whenNoDockerAnswersAMissingPostgresStopsTheRunBeforeMaven() throws Exception {
        var run = devTest(probe("exit 1"), "-o", "-N", "-q");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output())
                .contains("PostgreSQL is not reachable on 127.0.0.1:" + closedPort)
                .contains("or a Docker engine for Testcontainers")
                .doesNotContain("Testcontainers supplies");
    }

    private record Run(int exitCode, String output) {}

    private Run devTest(Path probe, String... mavenArguments) throws IOException, InterruptedException {
        Path root = ProjectRoot.find();
        var command = new ArrayList<>(List.of("bash", root.resolve("dev").toString(), "test"));
        command.addAll(List.of(mavenArguments));
        var builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        var env = builder.environment();
        env.put("DEV_DOCKER_PROBE", probe.toString());
        env.put("POSTGRES_PORT", String.valueOf(closedPort));
        env.put("REDIS_PORT", String.valueOf(closedPort));
        env.remove("START_LOCAL_SERVICES");
        Path log = dir.resolve("dev-test.log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("./dev test finished")
                .isTrue();
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private Path probe(String body) throws IOException {
        Path script = dir.resolve("fake-docker-probe");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
