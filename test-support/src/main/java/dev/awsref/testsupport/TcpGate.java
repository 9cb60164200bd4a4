package dev.awsref.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port that is closed (connections refused, as when a service is unreachable) until {@link
 * #open()}, then forwards every connection to the real endpoint. Not a fake of AWS: the bytes go
 * to the emulator unchanged; this only models the network path going away and coming back.
 */
public final class TcpGate implements AutoCloseable {

    private final int port;
    private final URI target;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    public TcpGate(URI target) {
        this.target = target;
        this.port = freePort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public synchronized void open() throws IOException {
        if (server != null) {
            return;
        }
        var socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = socket;
        Thread.ofVirtual().name("tcp-gate-" + port).start(() -> accept(socket));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                live.add(client);
                live.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // connection ended
        } finally {
            live.remove(from);
            live.remove(to);
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * Closes the port and also drops every connection already through it, as a network partition
     * does: a pooled keep-alive connection (an HTTP client's, a JDBC pool's, a Redis client's)
     * fails on its next use instead of carrying on. {@link #open()} lets new connections in again.
     */
    public synchronized void cut() throws IOException {
        close();
        for (Socket socket : live) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        live.clear();
    }

    /** The port this gate listens on when open. */
    public int port() {
        return port;
    }

    private static int freePort() {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
