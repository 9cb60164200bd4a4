package dev.awsref.system.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The emails the SMTP sink (maildev) caught, read through its API. */
public final class Mailbox {

    /** One email: who it went to and its subject. */
    public record Email(String to, String subject) {}

    private final URI api;

    Mailbox(URI api) {
        this.api = api;
    }

    /** Every caught email whose subject mentions {@code text} (an order id, for instance). */
    public List<Email> about(String text) {
        return all().stream().filter(email -> email.subject().contains(text)).toList();
    }

    /** Every email caught so far. */
    public List<Email> all() {
        var response = Http.send("GET", api, null, Optional.empty());
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + api + " answered " + response.status());
        }
        var found = new ArrayList<Email>();
        for (JsonNode email : response.json()) {
            String subject = email.path("subject").asString("");
            {
                JsonNode to = email.path("to");
                String address = to.isArray() && !to.isEmpty()
                        ? to.get(0).path("address").asString("")
                        : "";
                found.add(new Email(address, subject));
            }
        }
        return found;
    }
}
