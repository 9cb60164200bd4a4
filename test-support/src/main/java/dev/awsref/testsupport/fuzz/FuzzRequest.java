package dev.awsref.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** One request as a fuzz generator builds it; {@code contentType} null sends none. */
public record FuzzRequest(String method, String path, String contentType, byte[] body, List<String> headers) {

    public static FuzzRequest json(String method, String path, String body) {
        return new FuzzRequest(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), List.of());
    }

    public static FuzzRequest get(String path) {
        return new FuzzRequest("GET", path, null, new byte[0], List.of());
    }

    /** The same request with these headers, as name, value, name, value... */
    public FuzzRequest withHeaders(String... nameValues) {
        var all = new java.util.ArrayList<>(headers);
        all.addAll(List.of(nameValues));
        return new FuzzRequest(method, path, contentType, body, List.copyOf(all));
    }
}
