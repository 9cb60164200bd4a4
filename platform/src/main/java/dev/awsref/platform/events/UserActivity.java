package dev.awsref.platform.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A click-stream fact. analytics-service writes it to Kinesis, partitioned by user.
 *
 * @param userId who; also the envelope's subject and the Kinesis partition key
 * @param activityType what they did
 * @param itemId the product or page concerned, or {@code null} when there is none (a search)
 * @param occurredAt when it happened on the client, which may be well before the envelope's time
 * @param properties free-form string attributes, e.g. the search query; never null
 */
public record UserActivity(
        String userId, ActivityType activityType, String itemId, Instant occurredAt, Map<String, String> properties)
        implements EventData {

    public UserActivity {
        Checks.text(userId, "userId");
        Checks.present(activityType, "activityType");
        Checks.present(occurredAt, "occurredAt");
        properties = copyOf(properties);
    }

    // Not Map.copyOf: that one scrambles the order, and a stable order keeps the JSON diffable.
    private static Map<String, String> copyOf(Map<String, String> properties) {
        if (properties == null) {
            return Map.of();
        }
        var copy = new LinkedHashMap<String, String>();
        properties.forEach((key, value) -> {
            Checks.present(key, "properties key");
            copy.put(key, Checks.present(value, "properties['" + key + "']"));
        });
        return Collections.unmodifiableMap(copy);
    }
}
