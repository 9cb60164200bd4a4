package dev.awsref.notification.email;

import java.util.Map;

/**
 * One email to render and send: which notification, to whom, the values its template uses, and
 * the idempotency key of what caused it (an event id), from which its Message-ID is derived.
 */
public record Email(Notification notification, String idempotencyKey, String to, Map<String, Object> model) {

    public Email {
        model = Map.copyOf(model);
    }
}
