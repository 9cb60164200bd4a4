package dev.awsref.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The npm emulators under {@code tools/}, on the ports {@code tools/emulators.sh} uses (and the same
 * environment variables to move them). If one is not answering, the script starts them; it is
 * idempotent and leaves running ones alone. They keep running after the tests, like a database
 * would: {@code tools/emulators.sh stop} ends them.
 */
record LocalEmulators(URI sqsSnsS3, URI kinesis, URI dynamodb) {

    private static final long START_TIMEOUT_SECONDS = 180;

    static LocalEmulators ensureRunning() {
        int fauxqs = port("FAUXQS_PORT", 4566);
        int kinesis = port("KINESIS_PORT", 4568);
        int dynamodb = port("DYNAMODB_PORT", 4570);
        if (!(TcpPort.open("127.0.0.1", fauxqs)
                && TcpPort.open("127.0.0.1", kinesis)
                && TcpPort.open("127.0.0.1", dynamodb))) {
            start(ProjectRoot.find());
        }
        return new LocalEmulators(
                URI.create("http://127.0.0.1:" + fauxqs),
                URI.create("http://127.0.0.1:" + kinesis),
                URI.create("http://127.0.0.1:" + dynamodb));
    }

    private static void start(Path root) {
        var command = new ProcessBuilder(
                        "bash", root.resolve("tools/emulators.sh").toString(), "start")
                .directory(root.toFile())
                .redirectErrorStream(true);
        try {
            Process process = command.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "tools/emulators.sh start did not finish in " + START_TIMEOUT_SECONDS + " s:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "could not start the local AWS emulators (tools/emulators.sh start exited "
                                + process.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run tools/emulators.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local AWS emulators", e);
        }
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
