package dev.awsref.analytics.ingest;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.analytics.limits.ActivityLimits;
import dev.awsref.defaults.tokens.ApiCallers;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.UserActivity;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/activity}: one event (a JSON object) or a batch (an array of up to 500). Each
 * entry is checked on its own; the valid ones go to the producer and the invalid ones come back
 * with the field at fault, so one bad event does not cost the client the other 499.
 */
@RestController
@RequestMapping("/api/activity")
class ActivityController {

    static final String SOURCE = "analytics-service";
    private static final int MAX_TEXT = 256;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final ActivityProducer producer;
    private final JsonMapper json;
    private final EventCodec codec;
    private final TraceContexts traces;
    private final AnalyticsProperties.Ingest settings;
    private final ClientRateLimiter rateLimiter;
    private final Clock clock;

    ActivityController(
            ActivityProducer producer, JsonMapper json, AnalyticsProperties properties, TraceContexts traces) {
        this.producer = producer;
        this.traces = traces;
        this.json = json;
        this.codec = new EventCodec();
        this.settings = properties.ingest();
        this.rateLimiter = new ClientRateLimiter(settings.ratePerClient(), settings.burstPerClient());
        this.clock = Clock.systemUTC();
    }

    record Rejected(int index, String field, String detail) {}

    record Accepted(int accepted, List<Rejected> rejected) {}

    @PostMapping
    ResponseEntity<?> post(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > settings.maxBodyBytes()) {
            return tooLarge();
        }
        byte[] body = readAtMost(request.getInputStream(), settings.maxBodyBytes());
        if (body == null) {
            return tooLarge();
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Body is not JSON",
                    "the body must be a JSON object or array",
                    List.of(new Rejected(-1, "body", "not JSON")));
        }
        List<JsonNode> entries = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(entries::add);
        } else if (root != null && root.isObject()) {
            entries.add(root);
        } else {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Body is not an event",
                    "the body must be a JSON object or array",
                    List.of(new Rejected(-1, "body", "neither an object nor an array")));
        }
        if (entries.isEmpty() || entries.size() > settings.maxBatch()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Batch size out of range",
                    "a batch holds 1 to " + settings.maxBatch() + " events, this one " + entries.size(),
                    List.of(new Rejected(-1, "body", "batch size " + entries.size())));
        }

        String client = ApiCallers.rateLimitKey(request);
        var wait = rateLimiter.tryAcquire(client, entries.size());
        if (wait.isPresent()) {
            return withRetryAfter(
                    problem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Rate limit exceeded",
                            "client '" + client + "' may post " + (long) settings.ratePerClient() + " events/s",
                            null),
                    wait.get());
        }

        var good = new ArrayList<ActivityProducer.Entry>();
        var rejected = new ArrayList<Rejected>();
        // The request's server span goes into every record it produces: the consumer's span,
        // seconds later in another service, continues it.
        Map<String, String> trace = traces.current();
        for (int i = 0; i < entries.size(); i++) {
            try {
                UserActivity activity = parse(entries.get(i));
                byte[] data = codec.toJson(EventEnvelope.of(SOURCE, activity.userId(), activity), trace)
                        .getBytes(StandardCharsets.UTF_8);
                // Kinesis counts the partition key's UTF-8 bytes against the record limit too.
                long recordBytes = (long) data.length + activity.userId().getBytes(StandardCharsets.UTF_8).length;
                if (recordBytes > settings.maxRecordBytes()) {
                    throw new InvalidField(
                            "properties",
                            "the event makes a record of " + recordBytes + " bytes (with its userId), over the "
                                    + settings.maxRecordBytes() + "-byte limit");
                }
                good.add(new ActivityProducer.Entry(activity.userId(), data));
            } catch (InvalidField invalid) {
                rejected.add(new Rejected(i, invalid.field, invalid.getMessage()));
            }
        }
        if (good.isEmpty()) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "No valid event",
                    rejected.size() == 1
                            ? rejected.getFirst().field() + ": "
                                    + rejected.getFirst().detail()
                            : "every one of the " + rejected.size() + " events is invalid",
                    rejected);
        }
        if (!producer.offer(good)) {
            return withRetryAfter(
                    problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "Producer backlog full",
                            "the service is writing a backlog of " + producer.backlog() + " records ("
                                    + producer.backlogBytes() + " bytes) to Kinesis; none of these events was taken",
                            null),
                    Duration.ofSeconds(1));
        }
        return ResponseEntity.accepted().body(new Accepted(good.size(), rejected));
    }

    private UserActivity parse(JsonNode entry) {
        if (!entry.isObject()) {
            throw new InvalidField("event", "an event must be a JSON object");
        }
        String userId = text(entry, "userId", true);
        String typeName = text(entry, "type", true);
        ActivityType type;
        try {
            type = ActivityType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new InvalidField(
                    "type", "must be one of " + List.of(ActivityType.values()) + ", was '" + typeName + "'");
        }
        String itemId = text(entry, "itemId", type == ActivityType.CART_ADD || type == ActivityType.PURCHASE);
        Instant now = clock.instant();
        Instant occurredAt = now;
        String timestamp = text(entry, "timestamp", false);
        if (timestamp != null) {
            try {
                occurredAt = Instant.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw new InvalidField("timestamp", "must be an ISO-8601 instant such as 2026-01-31T10:15:30Z");
            }
            if (occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
                throw new InvalidField("timestamp", "is more than 5 minutes in the future");
            }
        }
        // What the aggregates can hold (the consumer dead-letters a record that breaks these).
        refuse(ActivityLimits.checkId("userId", userId));
        if (itemId != null) {
            refuse(ActivityLimits.checkId("itemId", itemId));
        }
        refuse(ActivityLimits.checkTime(occurredAt));
        Map<String, String> properties = new LinkedHashMap<>();
        JsonNode props = entry.get("properties");
        if (props != null && !props.isNull()) {
            if (!props.isObject()) {
                throw new InvalidField("properties", "must be an object of string values");
            }
            for (var field : props.properties()) {
                if (!field.getValue().isString()) {
                    throw new InvalidField("properties." + field.getKey(), "must be a string");
                }
                properties.put(field.getKey(), field.getValue().stringValue());
            }
        }
        return new UserActivity(userId, type, itemId, occurredAt, properties);
    }

    private static void refuse(java.util.Optional<ActivityLimits.Violation> violation) {
        violation.ifPresent(v -> {
            throw new InvalidField(v.field(), v.detail());
        });
    }

    private static String text(JsonNode entry, String field, boolean required) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new InvalidField(field, "is required");
            }
            return null;
        }
        if (!node.isString() || node.stringValue().isBlank()) {
            throw new InvalidField(field, "must be a non-blank string");
        }
        if (node.stringValue().length() > MAX_TEXT) {
            throw new InvalidField(field, "must be at most " + MAX_TEXT + " characters");
        }
        return node.stringValue();
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return bytes.length > max ? null : bytes;
    }

    private ResponseEntity<ProblemDetail> tooLarge() {
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "Body too large",
                "bodies are limited to " + settings.maxBodyBytes() + " bytes; send smaller batches",
                null);
    }

    private static ResponseEntity<ProblemDetail> problem(
            HttpStatus status, String title, String detail, List<Rejected> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).body(problem);
    }

    private static ResponseEntity<ProblemDetail> withRetryAfter(ResponseEntity<ProblemDetail> response, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return ResponseEntity.status(response.getStatusCode())
                .header("Retry-After", Long.toString(seconds))
                .body(response.getBody());
    }

    /** A field of one entry is wrong; the message says how. */
    static final class InvalidField extends RuntimeException {
        final String field;

        InvalidField(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
