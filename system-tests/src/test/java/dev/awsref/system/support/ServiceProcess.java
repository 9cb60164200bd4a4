package dev.awsref.system.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service's jar running as its own process, started the way {@code ./dev up} starts it
 * ({@link RunCommand}) with the environment the suite gives it. Can be stopped gracefully, killed
 * with SIGKILL, and started again on the same ports; its output goes to {@code
 * target/system-tests/<name>.log}.
 */
public final class ServiceProcess {

    /**
     * Alone a service is ready in seconds; three starting together on a busy 2-core machine have
     * taken two minutes ({@code -Dsystem.ready-timeout=PT5M} to change).
     */
    private static final Duration READY_TIMEOUT = Duration.parse(System.getProperty("system.ready-timeout", "PT5M"));

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final RunCommand command;
    private final Map<String, String> environment;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Path recorder;
    private final Path calls;
    private int starts;
    private Process process;

    ServiceProcess(
            String name,
            Path jar,
            RunCommand command,
            Map<String, String> environment,
            int port,
            int managementPort,
            Path log,
            Path recorder,
            Path calls) {
        this.name = name;
        this.jar = jar;
        this.command = command;
        this.environment = environment;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.recorder = recorder;
        this.calls = calls;
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it in the same reactor (./mvnw verify)");
        }
        if (!Files.isRegularFile(recorder)) {
            throw new IllegalStateException(recorder + " is missing: build it in the same reactor (./mvnw verify)");
        }
        starts++;
        List<String> commandLine = new ArrayList<>();
        commandLine.add(ProcessHandle.current().info().command().orElse("java"));
        commandLine.addAll(command.jvmFlags());
        // The run command's flags and variables as they are; only the launcher differs, so that
        // infra's IAM check sees every AWS call the running service makes (docs/iam.md):
        // test-support's jar goes on the service's class path, and its execution.interceptors file
        // adds AwsCallRecorder to every SDK client the service builds (what else the recorder
        // needs, the SDK and Jackson 3, the service jar has). Each start records into its own
        // directory, since the recorder empties its files when a JVM starts.
        commandLine.add("-Daws.calls.service=" + name);
        commandLine.add("-Daws.calls.dir=" + calls.resolve("start-" + starts));
        if (command.usesAotCache()) {
            // The extracted jar, as ./dev up runs it: a JDK AOT cache accepts a class path that
            // extends the training run's at its end, so the recorder's jar is appended to it.
            commandLine.add("-cp");
            commandLine.add(jar + java.io.File.pathSeparator + recorder);
            commandLine.add(mainClass(jar));
        } else {
            // `-jar` would run the same Start-Class through JarLauncher; PropertiesLauncher also
            // puts loader.path on the service's own class loader.
            commandLine.add("-Dloader.path=" + recorder);
            commandLine.add("-cp");
            commandLine.add(jar.toString());
            commandLine.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        var builder = new ProcessBuilder(commandLine)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== starting " + String.join(" ", commandLine) + "\n", optionsAppend());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    private static String mainClass(Path extractedJar) {
        try (var file = new java.util.jar.JarFile(extractedJar.toFile())) {
            String main = file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalStateException(extractedJar + " names no Main-Class");
            }
            return main;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the manifest of " + extractedJar, e);
        }
    }

    /** Waits for {@code /readyz} on the API port, as the run command does. */
    public void awaitReady() {
        await(name + " ready on " + baseUri() + "/readyz (log: " + log + ")")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .failFast(name + " exited during start-up; see " + log, () -> !isAlive())
                .until(this::ready);
    }

    /** The operating system's id of the running process (the system benchmark reads its /proc entry). */
    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return p.pid();
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGTERM and wait: the service shuts down gracefully (up to its 25 s shutdown phase). */
    public synchronized void stop() {
        end(false);
    }

    /** SIGKILL: no shutdown hooks, no graceful anything, as {@code kill -9} does. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean ready() {
        try {
            var response = HTTP.send(
                    HttpRequest.newBuilder(baseUri().resolve("/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static java.nio.file.OpenOption[] optionsAppend() {
        return new java.nio.file.OpenOption[] {
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND
        };
    }
}
