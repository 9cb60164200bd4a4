package dev.awsref.testsupport;

/**
 * {@code ./dev test} asks this before it checks for the machine's PostgreSQL and Redis: exit code 0
 * when a Docker engine answers (Testcontainers will supply both), 1 when none does. The same
 * detection the tests use ({@link Docker}), so the command and the tests never disagree.
 */
public final class DockerProbe {

    private DockerProbe() {}

    public static void main(String[] args) {
        boolean answers = Docker.available();
        System.out.println(
                answers
                        ? "docker: an engine answers; Testcontainers supplies PostgreSQL, Redis and LocalStack"
                        : "docker: no engine answers; the tests use the machine's PostgreSQL and Redis and the local emulators");
        System.exit(answers ? 0 : 1);
    }
}
