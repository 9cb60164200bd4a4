package dev.awsref.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, decided once per JVM and cheaply where there plainly is none. */
final class Docker {

    private static volatile Boolean available;

    private Docker() {}

    static boolean available() {
        if (available == null) {
            synchronized (Docker.class) {
                if (available == null) {
                    available = probe();
                }
            }
        }
        return available;
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getenv("TESTCONTAINERS_ENABLED"))) {
            return false;
        }
        // Asking Testcontainers costs seconds of failed strategies when no engine is configured at
        // all (the usual case on machines without Docker); a missing socket and DOCKER_HOST settle it.
        boolean configured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
