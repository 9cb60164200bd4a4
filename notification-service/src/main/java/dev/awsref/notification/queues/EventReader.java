package dev.awsref.notification.queues;

import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.MalformedEventException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an SQS message body into a typed event, whichever way SNS delivered it: raw (the body is
 * the event, as every subscription in the topology is set up) or wrapped in the SNS envelope
 * ({@code {"Type":"Notification","Message":"<the event as a string>",...}}), as SNS delivers when
 * raw delivery is off. Failures are {@link dev.awsref.platform.events.EventContractException}s:
 * no retry can fix them.
 */
@Component
public class EventReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventCodec codec = new EventCodec();

    public EventEnvelope<?> read(String body) {
        return codec.fromJson(unwrap(body));
    }

    /** The event text: the body itself, or the {@code Message} of an SNS notification envelope. */
    public static String unwrap(String body) {
        if (body == null || !body.contains("\"Type\"")) {
            return body;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException notJson) {
            return body; // the codec says what is wrong with it
        }
        if (root.isObject()
                && root.path("Type").isString()
                && "Notification".equals(root.path("Type").stringValue())
                && root.has("TopicArn")) {
            JsonNode message = root.get("Message");
            if (message == null || !message.isString()) {
                throw new MalformedEventException("SNS notification without a Message string", "Message", null);
            }
            return message.stringValue();
        }
        return body;
    }
}
