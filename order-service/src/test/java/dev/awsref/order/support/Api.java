package dev.awsref.order.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the API under test. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A response with its body parsed when it is JSON. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    public Response post(String path, String body, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                headers);
    }

    public Response send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String order(String customerId, String currency, String... productQuantityPrice) {
        var lines = new StringBuilder();
        for (int i = 0; i < productQuantityPrice.length; i += 3) {
            if (!lines.isEmpty()) {
                lines.append(',');
            }
            lines.append("{\"productId\":\"")
                    .append(productQuantityPrice[i])
                    .append("\",\"quantity\":")
                    .append(productQuantityPrice[i + 1])
                    .append(",\"unitPrice\":")
                    .append(productQuantityPrice[i + 2])
                    .append('}');
        }
        String customer = customerId == null ? "" : "\"customerId\":\"" + customerId + "\",";
        return "{" + customer + "\"currency\":\"" + currency + "\",\"lines\":[" + lines + "]}";
    }

    public static List<String> texts(JsonNode array, String field) {
        return array.valueStream().map(node -> node.get(field).asString()).toList();
    }
}
