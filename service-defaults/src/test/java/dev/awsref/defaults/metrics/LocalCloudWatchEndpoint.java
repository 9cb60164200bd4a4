package dev.awsref.defaults.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the CloudWatch tests point the real CloudWatch client: a plain HTTP server on loopback that
 * answers 200 to every request and keeps each one (its URI, a line break, its body read as
 * ISO-8859-1 so the binary CBOR survives). There is no CloudWatch emulator here.
 */
final class LocalCloudWatchEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private LocalCloudWatchEndpoint(HttpServer server) {
        this.server = server;
    }

    static LocalCloudWatchEndpoint start() {
        try {
            var endpoint = new LocalCloudWatchEndpoint(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            endpoint.server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                endpoint.requests.add(exchange.getRequestURI() + "\n" + new String(body, StandardCharsets.ISO_8859_1));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            endpoint.server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value for {@code spring.cloud.aws.cloudwatch.endpoint}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received so far. */
    List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
