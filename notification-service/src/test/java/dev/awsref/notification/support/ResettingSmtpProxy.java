package dev.awsref.notification.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line-by-line SMTP relay in front of a real SMTP server (the test's GreenMail) that, when
 * armed, lets a message through, passes on the server's 250 for the end of DATA, and then resets
 * the connection (TCP RST) when the client sends its next command, usually QUIT. That is an SMTP
 * server that accepted the email and then failed the close.
 */
public final class ResettingSmtpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger resets = new AtomicInteger();

    public ResettingSmtpProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("smtp-proxy").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Reset every connection after its accepted DATA, until {@link #passThrough}. */
    public void resetAfterAcceptedData() {
        armed.set(true);
    }

    public void passThrough() {
        armed.set(false);
    }

    /** Connections reset after the server accepted their message. */
    public int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client;
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            var dataAccepted = new AtomicBoolean();
            var awaitingDataReply = new AtomicBoolean();
            OutputStream toClient = client.getOutputStream();
            OutputStream toServer = server.getOutputStream();
            Thread replies = Thread.ofVirtual().start(() -> {
                try (var fromServer = reader(server)) {
                    String line;
                    while ((line = fromServer.readLine()) != null) {
                        if (awaitingDataReply.get() && line.startsWith("250")) {
                            awaitingDataReply.set(false);
                            dataAccepted.set(true);
                        }
                        write(toClient, line);
                    }
                } catch (IOException closed) {
                    // the client side went away, or we reset it
                }
            });
            var fromClient = reader(client);
            boolean inData = false;
            String line;
            while ((line = fromClient.readLine()) != null) {
                if (dataAccepted.get() && armed.get()) {
                    resets.incrementAndGet();
                    client.setSoLinger(true, 0); // close with RST: the client's read fails
                    return;
                }
                if (inData && line.equals(".")) {
                    inData = false;
                    awaitingDataReply.set(true);
                } else if (!inData && line.equalsIgnoreCase("DATA")) {
                    inData = true;
                }
                write(toServer, line);
            }
            replies.join();
        } catch (IOException closed) {
            // one side closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
