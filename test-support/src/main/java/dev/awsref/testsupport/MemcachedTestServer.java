package dev.awsref.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Memcached for integration tests: {@code TEST_MEMCACHED_HOST}/{@code TEST_MEMCACHED_PORT} if
 * set; else a {@code memcached} of its own, from Debian's package ({@code apt-get install
 * memcached}; {@code .ci/run} installs it), on a free loopback port, stopped when the JVM exits;
 * else a Testcontainers Memcached when a Docker engine answers. Never the machine's shared port
 * 11211, which another checkout's tests may be using.
 */
public record MemcachedTestServer(String host, int port) {

    static final String IMAGE = "memcached:1.6-alpine";
    private static final int MEMCACHED_PORT = 11211;
    private static final List<Path> BINARIES =
            List.of(Path.of("/usr/bin/memcached"), Path.of("/usr/local/bin/memcached"));

    private static volatile MemcachedTestServer shared;

    public static MemcachedTestServer get() {
        if (shared == null) {
            synchronized (MemcachedTestServer.class) {
                if (shared == null) {
                    shared = resolve();
                }
            }
        }
        return shared;
    }

    /** {@code host:port}, as a Memcached client's address list takes it. */
    public String address() {
        return host + ":" + port;
    }

    private static MemcachedTestServer resolve() {
        String host = System.getenv("TEST_MEMCACHED_HOST");
        if (host != null) {
            return new MemcachedTestServer(
                    host, Integer.parseInt(System.getenv().getOrDefault("TEST_MEMCACHED_PORT", "11211")));
        }
        var binary = BINARIES.stream().filter(Files::isExecutable).findFirst();
        if (binary.isPresent()) {
            return startOwn(binary.get());
        }
        if (Docker.available()) {
            var container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(MEMCACHED_PORT);
            container.start();
            return new MemcachedTestServer(container.getHost(), container.getMappedPort(MEMCACHED_PORT));
        }
        throw new IllegalStateException("no Memcached for the tests: set TEST_MEMCACHED_HOST, install Debian's"
                + " package (apt-get install -y memcached), or run a Docker engine");
    }

    /** A memcached in the foreground as a child of this JVM: it dies with it, even on a crash of the tests. */
    private static MemcachedTestServer startOwn(Path binary) {
        int port = TcpPort.free();
        try {
            Process process = new ProcessBuilder(Stream.of(
                                    binary.toString(),
                                    "-l",
                                    "127.0.0.1",
                                    "-p",
                                    Integer.toString(port),
                                    "-U",
                                    "0", // no UDP
                                    "-m",
                                    "64",
                                    // memcached refuses to run as root unless told which user to be.
                                    "-u",
                                    System.getProperty("user.name"))
                            .toList())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Awaitility.await("memcached on port " + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("memcached exited with " + process.exitValue());
                        }
                        return TcpPort.open("127.0.0.1", port);
                    });
            return new MemcachedTestServer("127.0.0.1", port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary, e);
        }
    }
}
