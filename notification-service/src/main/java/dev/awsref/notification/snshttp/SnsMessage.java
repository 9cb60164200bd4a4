package dev.awsref.notification.snshttp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SNS HTTP(S) delivery: the JSON body SNS POSTs, as name/value pairs.
 *
 * @see <a href="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html">Verifying
 *     the signatures of Amazon SNS messages</a>
 */
record SnsMessage(Map<String, String> fields) {

    static final String NOTIFICATION = "Notification";
    static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";
    static final String UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation";

    private static final List<String> NOTIFICATION_FIELDS =
            List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    private static final List<String> CONFIRMATION_FIELDS =
            List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The string fields of a JSON body; anything else (not JSON, not an object) gives no fields. */
    static SnsMessage parse(String body) {
        var fields = new LinkedHashMap<String, String>();
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                root.properties().forEach(field -> {
                    if (field.getValue().isString()) {
                        fields.put(field.getKey(), field.getValue().stringValue());
                    }
                });
            }
        } catch (JacksonException notJson) {
            // no fields: refused by the verifier as an unknown type
        }
        return new SnsMessage(fields);
    }

    String get(String name) {
        return fields.get(name);
    }

    String type() {
        return get("Type");
    }

    /**
     * The text SNS signed: for each field in this fixed (alphabetical) order that the message has,
     * its name, a newline, its value, a newline. Subject is left out when absent.
     */
    String canonicalString() {
        var fieldsToSign = NOTIFICATION.equals(type()) ? NOTIFICATION_FIELDS : CONFIRMATION_FIELDS;
        var text = new StringBuilder();
        for (String name : fieldsToSign) {
            String value = get(name);
            if (value != null) {
                text.append(name).append('\n').append(value).append('\n');
            }
        }
        return text.toString();
    }
}
