package dev.awsref.system.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aot.AotTraining;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.testsupport.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Docker build and an Elastic Beanstalk instance's deploy hook train each service's JDK AOT
 * cache with one script ({@link AotTraining#SCRIPT}), where nothing the service talks to is
 * reachable. This runs that script, from the sources the Dockerfile copies it from, with the image's
 * flags and none of the environment the other tests give a service: no topology prefix, no
 * credentials, and the database and every AWS endpoint ({@code AWS_ENDPOINT_URL}) on a closed port.
 * It must end by itself and leave a cache the service started with under {@code -XX:AOTMode=on}
 * (the script's own check, which refuses a cache it cannot use). On a JDK before 25 (no one-step AOT
 * cache) it must leave the extracted jar and no cache. What it does when it cannot train is tested
 * too: the image and the instance must still start.
 */
class OfflineAotTrainingIT {

    private static final long SCRIPT_TIMEOUT_SECONDS = 700;
    private static final int JAVA_VERSION = Runtime.version().feature();
    /**
     * The flags the Dockerfile's trained stage passes, spelled again here (a Dockerfile cannot read
     * Java); platform's RunFilesFollowTheModelTest checks the Dockerfile's against its ENTRYPOINT.
     */
    private static final List<String> IMAGE_FLAGS =
            List.of("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=5000");

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(ServiceName.class)
    void theServiceTrainsItsCacheWithNothingReachableAndStartsWithIt(ServiceName service) throws Exception {
        Path bootJar = bootJar(service);
        Path run = work.resolve("run");

        var result = trainingScript(bootJar, run, IMAGE_FLAGS);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(run.resolve(bootJar.getFileName())).as("the extracted jar").isRegularFile();
        Path cache = run.resolve(bootJar.getFileName().toString().replaceFirst("\\.jar$", ".aot"));
        if (JAVA_VERSION < 25) {
            assertThat(cache).as("a cache from a JDK before 25").doesNotExist();
            return;
        }
        assertThat(cache).as(result.describe()).isNotEmptyFile();
        assertThat(result.output()).contains("made and checked");
    }

    @Test
    void aTrainingThatFailsLeavesNoCacheAndTheServiceStillStartsWithoutOne() throws Exception {
        Path bootJar = bootJar(ServiceName.ORDER);
        Path run = work.resolve("run");
        var flags = new ArrayList<>(IMAGE_FLAGS);
        flags.add("-XX:+NoSuchFlagForThisTest"); // the JVM refuses to start at all

        var result = trainingScript(bootJar, run, flags);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(run.resolve(bootJar.getFileName()))
                .as("the extracted jar the service starts from")
                .isRegularFile();
        try (Stream<Path> files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".aot"));
        }
        if (JAVA_VERSION >= 25) {
            assertThat(result.output()).contains("the AOT training failed", "starts without a cache");
        }
    }

    @Test
    void aJarThatCannotBeExtractedFailsTheBuild() throws Exception {
        Path notAJar = Files.writeString(work.resolve("app.jar"), "not a jar");

        var result = trainingScript(notAJar, work.resolve("run"), IMAGE_FLAGS);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.output()).contains("could not extract");
    }

    private static Path bootJar(ServiceName service) throws IOException {
        Path target = ProjectRoot.find().resolve(service.id()).resolve("target");
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches(service.id() + "-[0-9][^/]*(?<!-plain)\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Boot jar of " + service.id() + " in " + target
                            + ": package it first (./mvnw -pl " + service.id() + " -am package)"));
        }
    }

    /** How the script ended: its exit code, or -1 if it was stopped after {@link #SCRIPT_TIMEOUT_SECONDS}. */
    private record ScriptResult(List<String> command, int exitCode, String output) {

        String describe() {
            List<String> lines = output.lines().toList();
            return "%s %s; its last lines:%n%s"
                    .formatted(
                            String.join(" ", command),
                            exitCode < 0 ? "did not end in " + SCRIPT_TIMEOUT_SECONDS + " s" : "exited " + exitCode,
                            String.join(
                                    System.lineSeparator(),
                                    lines.subList(Math.max(0, lines.size() - 25), lines.size())));
        }
    }

    /** Runs the training script as the image and the hook do, with this JDK first on the PATH. */
    private ScriptResult trainingScript(Path bootJar, Path dir, List<String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                ProjectRoot.find().resolve(AotTraining.SCRIPT_SOURCE).toString(),
                bootJar.toString(),
                dir.toString()));
        command.addAll(flags);
        Path log = work.resolve("script.log");
        var builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        environment.put("PATH", javaBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", work.toString());
        // Port 9 (discard) on loopback: nothing listens, so a call would fail at once. The database
        // is named too, as a container's or an instance's environment names it.
        environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:9/none");
        Process process = builder.start();
        boolean ended = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            // The script's java would outlive bash: stop the whole tree.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        return new ScriptResult(command, ended ? process.exitValue() : -1, Files.readString(log));
    }
}
