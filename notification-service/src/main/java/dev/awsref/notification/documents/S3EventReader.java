package dev.awsref.notification.documents;

import dev.awsref.platform.events.MalformedEventException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the message S3 puts on a queue for a bucket notification: {@code {"Records": [{"eventName":
 * "ObjectCreated:Put", "s3": {"bucket": {"name": ...}, "object": {"key": ..., "size": ...,
 * "sequencer": ...}}}]}}. Object keys arrive URL-encoded (a space as {@code +}). The
 * {@code s3:TestEvent} S3 sends when a notification is configured has no records: nothing to do.
 */
final class S3EventReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private S3EventReader() {}

    static List<ObjectCreated> objectsCreated(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException notJson) {
            throw new MalformedEventException("S3 event is not valid JSON", null, notJson);
        }
        if (!root.isObject()) {
            throw new MalformedEventException("S3 event is not a JSON object", null, null);
        }
        if ("s3:TestEvent".equals(root.path("Event").asString(""))) {
            return List.of();
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new MalformedEventException("S3 event has no Records array", "Records", null);
        }
        var created = new ArrayList<ObjectCreated>();
        for (JsonNode record : records) {
            String eventName = record.path("eventName").asString("");
            if (!eventName.startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = record.path("s3");
            String bucket = s3.path("bucket").path("name").asString("");
            String key = s3.path("object").path("key").asString("");
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new MalformedEventException("S3 record without bucket name or object key", "s3", null);
            }
            created.add(new ObjectCreated(
                    eventName,
                    bucket,
                    URLDecoder.decode(key, StandardCharsets.UTF_8),
                    s3.path("object").path("size").asLong(0),
                    s3.path("object").path("sequencer").asString("")));
        }
        return created;
    }
}
