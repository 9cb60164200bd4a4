package dev.awsref.testsupport.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every input class's samples, one request at a time, and checks each answer as a hostile
 * client's answer must be: below 500; a refusal (4xx) a problem detail with a type and the status,
 * a 400 naming a field in {@code errors[].field}, nothing naming a Java class; and a refusal wrote
 * nothing ({@code written} — rows, records, messages — unchanged). Samples come from {@link Gen}
 * generators with a fixed seed, so a failure repeats ({@code -Dfuzz.seed=} tries another,
 * {@code -Dfuzz.samples=} draws more per class).
 */
public final class HttpFuzzer implements AutoCloseable {

    public static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    public static final int SAMPLES_PER_CLASS = Integer.getInteger("fuzz.samples", 6);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final LongSupplier written;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** What one run tried, what it got per class, and what failed. */
    public record Report(
            int classes, int requests, Map<String, Map<Integer, Integer>> statuses, List<String> failures) {

        public String summary(String api) {
            var text = new StringBuilder(String.format(
                    "%nfuzz (%s): %d input classes, %d requests, seed %d, %d failures%n",
                    api, classes, requests, SEED, failures.size()));
            statuses.forEach((name, counts) -> text.append(String.format("  %-56s %s%n", name, counts)));
            failures.forEach(failure -> text.append("  FAILED ").append(failure).append('\n'));
            return text.toString();
        }
    }

    /**
     * @param base e.g. {@code http://127.0.0.1:8081}
     * @param written a count of everything the API could have written (rows, records); read before
     *     and after each request
     */
    public HttpFuzzer(String base, LongSupplier written) {
        this.base = base;
        this.written = written;
    }

    public Report run(List<InputClass> classes) throws Exception {
        Random random = new Random(SEED);
        Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (InputClass inputClass : classes) {
            for (int i = 0; i < SAMPLES_PER_CLASS; i++) {
                FuzzRequest request = inputClass.requests().next(random);
                long before = written.getAsLong();
                HttpResponse<String> response = send(request);
                requests++;
                statuses.computeIfAbsent(inputClass.name(), k -> new TreeMap<>())
                        .merge(response.statusCode(), 1, Integer::sum);
                String failure = check(inputClass, request, response, before);
                if (failure != null) {
                    failures.add(inputClass.name() + ": " + failure);
                }
            }
        }
        return new Report(classes.size(), requests, statuses, failures);
    }

    private String check(InputClass inputClass, FuzzRequest request, HttpResponse<String> response, long before) {
        int status = response.statusCode();
        String what = request.method() + " " + abbreviate(request.path()) + " "
                + abbreviate(new String(request.body(), StandardCharsets.UTF_8)) + " -> " + status + " "
                + abbreviate(response.body());
        if (status >= 500) {
            return "5xx: " + what;
        }
        if (status < 400) {
            return inputClass.mustRefuse() ? "accepted what must be refused: " + what : null;
        }
        if (written.getAsLong() != before) {
            return "a refused request wrote something: " + what;
        }
        if (request.method().equals("HEAD")) {
            return null; // a HEAD answer has no body by definition
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "a refusal that is not a problem detail: " + what;
        }
        JsonNode problem = JSON.readTree(response.body());
        if (!problem.path("type").isString() || problem.path("status").asInt() != status) {
            return "a problem without type or status: " + what;
        }
        if (status == 400 && !namesAField(problem)) {
            return "a 400 without errors[].field: " + what;
        }
        if (response.body().contains("java.") || response.body().contains("dev.awsref.")) {
            return "a problem that shows the server's insides: " + what;
        }
        return null;
    }

    /** {@code errors[].field}; the ingest API names it per rejected entry, with its index, the same way. */
    private static boolean namesAField(JsonNode problem) {
        JsonNode errors = problem.path("errors");
        return errors.isArray()
                && !errors.isEmpty()
                && !errors.get(0).path("field").asString("").isBlank();
    }

    private HttpResponse<String> send(FuzzRequest request) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(base + request.path())).timeout(Duration.ofSeconds(30));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        for (int i = 0; i + 1 < request.headers().size(); i += 2) {
            builder.header(request.headers().get(i), request.headers().get(i + 1));
        }
        builder.method(
                request.method(),
                request.body().length == 0 && !request.method().equals("POST")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    @Override
    public void close() {
        http.close();
    }
}
