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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Docker build and an Elastic Beanstalk instance's deploy hook train each service's JDK AOT
 * cache where nothing the service talks to is reachable. This runs that training as they do (the
 * extracted jar, {@link AotTraining#JVM_ARGUMENTS}) with none of the environment the other tests
 * give a service: no topology prefix, no credentials, and the database and every AWS endpoint
 * ({@code AWS_ENDPOINT_URL}) on a closed port. It must end by itself, make a cache, and the
 * service must then start with that cache under {@code -XX:AOTMode=on}, which refuses one it
 * cannot use. On a JDK before 25 (no one-step AOT cache) it checks the offline start alone.
 */
class OfflineAotTrainingIT {

    private static final long TRAINING_TIMEOUT_SECONDS = 300;
    private static final int JAVA_VERSION = Runtime.version().feature();

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(ServiceName.class)
    void theServiceTrainsItsCacheWithNothingReachableAndStartsWithIt(ServiceName service) throws Exception {
        Path bootJar = bootJar(service);
        Path extracted = work.resolve("app");
        run(
                service,
                "extract",
                java("-Djarmode=tools", "-jar", bootJar.toString(), "extract", "--destination", extracted.toString()));
        Path jar = extracted.resolve(bootJar.getFileName());
        Path cache = work.resolve("app.aot");

        if (JAVA_VERSION < 25) {
            run(service, "offline start", trainingRun(jar));
            return;
        }
        run(service, "training", trainingRun(jar, "-XX:AOTCacheOutput=" + cache));
        assertThat(cache).as("the cache the training run made").isNotEmptyFile();
        run(service, "start with the cache", trainingRun(jar, "-XX:AOTMode=on", "-XX:AOTCache=" + cache));
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

    /** The start the image and the bundle train with; their other flags are tested where they are written. */
    private static List<String> trainingRun(Path jar, String... cacheFlags) {
        List<String> args = new ArrayList<>(List.of(cacheFlags));
        args.add("-XX:+UseSerialGC");
        args.addAll(List.of(AotTraining.JVM_ARGUMENTS.split(" ")));
        args.addAll(List.of("-jar", jar.toString()));
        return java(args);
    }

    private static List<String> java(String... args) {
        return java(List.of(args));
    }

    private static List<String> java(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        return command;
    }

    private void run(ServiceName service, String step, List<String> command) throws Exception {
        Path log = work.resolve(step.replace(' ', '-') + ".log");
        var builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", work.toString());
        // Port 9 (discard) on loopback: nothing listens, so a call would fail at once. The database
        // is named too, as a container's or an instance's environment names it.
        environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:9/none");
        Process process = builder.start();
        boolean ended = process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        assertThat(ended && process.exitValue() == 0)
                .as(
                        "%s of %s (%s) %s; its last lines:%n%s",
                        step,
                        service.id(),
                        String.join(" ", command),
                        ended ? "exited " + process.exitValue() : "did not end in " + TRAINING_TIMEOUT_SECONDS + " s",
                        tail(log))
                .isTrue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }
}
