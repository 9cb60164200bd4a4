package dev.awsref.analytics.support;

import static org.awaitility.Awaitility.await;

import dev.awsref.testsupport.TcpPort;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own, on a free port, that the test may kill: the shared Redis on
 * 6379 serves every other test and must never be lost. It keeps nothing on disk ({@code --save ""},
 * no AOF), so {@link #lose()} followed by {@link #start()} is an empty Redis at the same address,
 * as after losing a node without replicas or backups.
 */
public final class DisposableRedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    private DisposableRedisServer(int port) {
        this.port = port;
    }

    /** Starts one on a port nobody listens on; needs {@code redis-server} on the PATH. */
    public static DisposableRedisServer startOnAFreePort() {
        var server = new DisposableRedisServer(freePort());
        server.start();
        return server;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Starts an empty server on this port and waits until it listens. */
    public synchronized void start() {
        try {
            process = new ProcessBuilder(
                            "redis-server",
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--save",
                            "",
                            "--appendonly",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server (is it installed?)", e);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> TcpPort.open(host(), port));
    }

    /** Kills the server (SIGKILL, as a crashed node): every key it held is gone. */
    public synchronized void lose() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !TcpPort.open(host(), port));
    }

    @Override
    public void close() {
        lose();
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
