package dev.awsref.system.support;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * analytics-service's HTTP API, every call carrying one user's bearer token: the one place that
 * knows how the suite authenticates to analytics-service.
 */
public final class AnalyticsApi {

    private final URI base;
    private final String token;

    private final Map<String, String> headers;

    AnalyticsApi(URI base, String token) {
        this(base, token, Map.of());
    }

    private AnalyticsApi(URI base, String token, Map<String, String> headers) {
        this.base = base;
        this.token = token;
        this.headers = headers;
    }

    /** The same API, each request continuing the trace of this W3C {@code traceparent}. */
    public AnalyticsApi tracedBy(String traceparent) {
        return new AnalyticsApi(base, token, Map.of("traceparent", traceparent));
    }

    /** POST /api/activity with a JSON array of events. */
    public Http.Response record(String eventsJson) {
        return Http.send("POST", base.resolve("/api/activity"), eventsJson, Optional.of("Bearer " + token), headers);
    }

    /** GET /api/users/{userId}/activity: live counters (events and purchases) and recent events. */
    public Http.Response activityOf(String userId) {
        return Http.send(
                "GET", base.resolve("/api/users/" + userId + "/activity"), null, Optional.of("Bearer " + token));
    }
}
