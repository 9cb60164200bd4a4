package dev.awsref.system.support;

import java.net.URI;
import java.util.Optional;

/**
 * analytics-service's HTTP API, every call carrying one user's bearer token: the one place that
 * knows how the suite authenticates to analytics-service.
 */
public final class AnalyticsApi {

    private final URI base;
    private final String token;

    AnalyticsApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** POST /api/activity with a JSON array of events. */
    public Http.Response record(String eventsJson) {
        return Http.send("POST", base.resolve("/api/activity"), eventsJson, Optional.of("Bearer " + token));
    }

    /** GET /api/users/{userId}/activity: live counters (events and purchases) and recent events. */
    public Http.Response activityOf(String userId) {
        return Http.send(
                "GET", base.resolve("/api/users/" + userId + "/activity"), null, Optional.of("Bearer " + token));
    }
}
