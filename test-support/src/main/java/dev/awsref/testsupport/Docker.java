package dev.awsref.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, decided once per JVM by Testcontainers' own detection: its
 * strategy list (DOCKER_HOST and {@code ~/.testcontainers.properties}, the Unix socket, Docker
 * Desktop's socket, rootless Docker's, Windows' named pipe, Testcontainers Desktop), so the tests
 * use Docker wherever Testcontainers itself would. {@code TESTCONTAINERS_ENABLED=false} skips it.
 */
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
        // Each strategy tests only where it applies (its socket exists, its variable is set), so
        // on a machine with no engine at all it answers without waiting on a timeout: the
        // strategies took about a second here, loading Testcontainers' classes a few more. It logs
        // one ERROR, "Could not find a valid Docker environment", per JVM: expected here.
        return DockerClientFactory.instance().isDockerAvailable();
    }
}
