package dev.awsref.system.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;

/**
 * Where the services report their spans during the system tests: Zipkin's collector API ({@code
 * POST /api/v2/spans}, a JSON array of v2 spans, gzip or not), kept in memory for the tests to read.
 * It answers 202 as Zipkin does and stores nothing else; the Zipkin server itself is what {@code
 * ./dev up --zipkin} runs.
 */
public final class ZipkinReceiver implements AutoCloseable {

    /**
     * The parts of a Zipkin v2 span the tests look at; {@code timestamp} (epoch) and {@code duration}
     * in microseconds, as Zipkin has them, for the system benchmark's breakdown of where time goes.
     */
    public record Span(
            String traceId,
            String id,
            String parentId,
            String name,
            String kind,
            String service,
            long timestamp,
            long duration) {}

    private final HttpServer server;
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    private ZipkinReceiver(HttpServer server) {
        this.server = server;
    }

    public static ZipkinReceiver start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var receiver = new ZipkinReceiver(server);
            server.createContext("/api/v2/spans", receiver::collect);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to give the services as {@code management.tracing.export.zipkin.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/spans");
    }

    /** Every span reported so far under {@code traceId}. */
    public List<Span> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** Every span reported so far. */
    public List<Span> all() {
        return List.copyOf(spans);
    }

    private void collect(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            for (JsonNode span : Http.JSON.readTree(body)) {
                spans.add(new Span(
                        span.path("traceId").asString(),
                        span.path("id").asString(),
                        span.path("parentId").asString(null),
                        span.path("name").asString(),
                        span.path("kind").asString(null),
                        span.path("localEndpoint").path("serviceName").asString(),
                        span.path("timestamp").asLong(0),
                        span.path("duration").asLong(0)));
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
