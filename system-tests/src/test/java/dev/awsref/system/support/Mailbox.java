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

    /**
     * One caught email's subject and when the sink received it: the modification time of the file
     * maildev wrote it to (its {@code source}), to the millisecond. maildev's own {@code time} field
     * is the message's Date header, which has whole seconds and is the sender's clock.
     */
    public record Received(String subject, java.time.Instant at) {}

    /** Every email caught so far, with the time the sink received it. */
    public List<Received> received() {
        var response = Http.send("GET", api, null, Optional.empty());
        if (response.status() != 200) {
            throw new IllegalStateException("GET " + api + " answered " + response.status());
        }
        var found = new ArrayList<Received>();
        for (JsonNode email : response.json()) {
            var source = java.nio.file.Path.of(email.path("source").asString(""));
            try {
                found.add(new Received(
                        email.path("subject").asString(""),
                        java.nio.file.Files.getLastModifiedTime(source).toInstant()));
            } catch (java.nio.file.NoSuchFileException notYet) {
                // maildev can list a message before its file is written: it counts on the next read.
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read maildev's file " + source, e);
            }
        }
        return found;
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
