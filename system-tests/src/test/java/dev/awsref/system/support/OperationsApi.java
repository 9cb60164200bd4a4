package dev.awsref.system.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A service's operations API on its management port, behind HTTP basic authentication. */
public final class OperationsApi {

    private final URI management;
    private final String authorization;

    OperationsApi(URI management, String password) {
        this.management = management;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(("ops:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET /actuator/queues: each consumed queue with its depth and its DLQ's. */
    public JsonNode queues() {
        return ok(Http.send("GET", management.resolve("/actuator/queues"), null, Optional.of(authorization)));
    }

    /** GET /actuator/deadletters/{queue}: sample messages of the queue's DLQ, with their reasons. */
    public JsonNode deadLetters(String queue) {
        return ok(Http.send(
                "GET",
                management.resolve("/actuator/deadletters/" + queue + "?max=10"),
                null,
                Optional.of(authorization)));
    }

    /** POST /actuator/deadletters/{queue}: moves the DLQ's messages back to the queue. */
    public JsonNode redrive(String queue) {
        return ok(Http.send(
                "POST", management.resolve("/actuator/deadletters/" + queue), "{}", Optional.of(authorization)));
    }

    /** The visible messages in the DLQ of {@code queue}, as the queues endpoint reports it. */
    public int deadLetterDepth(String queue) {
        for (JsonNode q : queues()) {
            if (q.path("queue").asString("").equals(queue)) {
                return q.path("deadLetterDepth").path("visible").asInt(0);
            }
        }
        throw new IllegalArgumentException("no consumed queue " + queue);
    }

    private static JsonNode ok(Http.Response response) {
        if (response.status() != 200) {
            throw new IllegalStateException("operations API answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }
}
