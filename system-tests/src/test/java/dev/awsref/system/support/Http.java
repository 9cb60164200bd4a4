package dev.awsref.system.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one HTTP client of the suite: JSON in, status and JSON out. */
public final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1: the JDK client otherwise offers an h2c upgrade, which maildev answers with nothing.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** An answer: its status, its Content-Type, its headers and its body parsed (or null when it is not JSON). */
    public record Response(int status, String contentType, HttpHeaders headers, String body) {
        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
        }

        /** The first value of a header, or empty. */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    private Http() {}

    static Response send(String method, URI uri, String body, Optional<String> authorization) {
        return send(method, uri, body, authorization, Map.of());
    }

    static Response send(
            String method, URI uri, String body, Optional<String> authorization, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        authorization.ifPresent(value -> request.header("Authorization", value));
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
