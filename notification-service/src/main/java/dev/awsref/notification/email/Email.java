package dev.awsref.notification.email;

import java.util.Map;

/** One email to render and send: which notification, to whom, and the values its template uses. */
public record Email(Notification notification, String to, Map<String, Object> model) {

    public Email {
        model = Map.copyOf(model);
    }
}
