package dev.awsref.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SMTP sink that caught notification-service's emails, read through its HTTP API: maildev
 * ({@code ./dev up}: {@code GET /api/email}) or Mailpit (docker compose: {@code GET
 * /api/v1/messages}). Which one answers is found by asking: Mailpit answers {@code GET
 * /api/v1/info}, maildev does not. Any URL on the sink's web port will do.
 */
final class MailSink {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One email as the demo shows it. */
    record Email(String recipient, String subject, String text) {}

    enum Kind {
        MAILDEV("/api/email"),
        MAILPIT("/api/v1/messages");

        private final String listPath;

        Kind(String listPath) {
            this.listPath = listPath;
        }
    }

    private final HttpClient http;
    private final URI base;
    private final Kind kind;

    private MailSink(HttpClient http, URI base, Kind kind) {
        this.http = http;
        this.base = base;
        this.kind = kind;
    }

    /** Asks the sink at {@code api}'s host and port which one it is. */
    static MailSink detect(HttpClient http, URI api) throws IOException, InterruptedException {
        URI base = URI.create(api.getScheme() + "://" + api.getRawAuthority());
        HttpResponse<String> info = get(http, base.resolve("/api/v1/info"));
        boolean mailpit = info.statusCode() == 200
                && info.body().strip().startsWith("{")
                && JSON.readTree(info.body()).has("Version");
        return new MailSink(http, base, mailpit ? Kind.MAILPIT : Kind.MAILDEV);
    }

    Kind kind() {
        return kind;
    }

    URI list() {
        return base.resolve(kind.listPath);
    }

    List<Email> emails() throws IOException, InterruptedException {
        HttpResponse<String> response = get(http, list());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + list() + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        var emails = new ArrayList<Email>();
        if (kind == Kind.MAILPIT) {
            // {"messages":[{"To":[{"Name":..,"Address":..}],"Subject":..,"Snippet":..},..],..}
            for (JsonNode message : body.path("messages")) {
                emails.add(new Email(
                        message.path("To").path(0).path("Address").asString(""),
                        message.path("Subject").asString(""),
                        message.path("Snippet").asString("")));
            }
        } else {
            // [{"subject":..,"text":..,"envelope":{"to":[{"address":..}]}},..]
            for (JsonNode message : body) {
                emails.add(new Email(
                        message.path("envelope")
                                .path("to")
                                .path(0)
                                .path("address")
                                .asString(""),
                        message.path("subject").asString(""),
                        message.path("text").asString("")));
            }
        }
        return emails;
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
