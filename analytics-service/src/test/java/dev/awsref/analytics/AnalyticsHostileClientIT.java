package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.testsupport.TestJwt;
import dev.awsref.testsupport.fuzz.HttpFuzzer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The analytics API against a hostile client, outside the local profile: a bearer access token of
 * the API's app client for everything, the ingest scope to write activity, the token's own user (or
 * the operations scope) to read a user's activity, the operations scope for everyone active on a
 * day; a rate limit that follows the token's subject, whatever header the client sends; and a fuzz
 * test that throws every input class of {@link AnalyticsInputs} at the running service ({@link
 * HttpFuzzer}): no 5xx, every refusal a problem naming the field, nothing handed to the producer.
 */
class AnalyticsHostileClientIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-hostile");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
        // Small enough to reach in a test, per client: 5 events, then 1 per second.
        registry.add("analytics.ingest.burst-per-client", () -> "5");
        registry.add("analytics.ingest.rate-per-client", () -> "1");
    }

    AnalyticsHostileClientIT() {
        super(TOPOLOGY);
    }

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void withoutATokenNothingIsWrittenAndNothingIsRead() throws Exception {
        double before = recordsIn();
        var ingest = send("POST", "/api/activity", event("alice-" + run), null);
        var read = send("GET", "/api/users/alice-" + run + "/activity", null, null);
        var day = send("GET", "/api/days/2026-01-10/users", null, null);

        assertThat(ingest.statusCode()).isEqualTo(401);
        assertThat(read.statusCode()).isEqualTo(401);
        assertThat(day.statusCode()).isEqualTo(401);
        assertThat(ingest.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(recordsIn()).isEqualTo(before);
    }

    @Test
    void writingActivityNeedsTheIngestScopeSoAUserCannotWriteForAnyone() throws Exception {
        double before = recordsIn();
        var asUser = send("POST", "/api/activity", event("bob-" + run), TestJwt.token("mallory-" + run));
        var asSelf = send("POST", "/api/activity", event("mallory-" + run), TestJwt.token("mallory-" + run));

        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(asSelf.statusCode()).isEqualTo(403);
        assertThat(recordsIn()).isEqualTo(before);

        var asFrontEnd = send("POST", "/api/activity", event("bob-" + run), TestJwt.token("shop", "analytics/ingest"));
        assertThat(asFrontEnd.statusCode()).isEqualTo(202);
    }

    @Test
    void aUserReadsOnlyTheirOwnActivity() throws Exception {
        String alice = "alice-" + run;
        String token = TestJwt.token(alice);

        assertThat(send("GET", "/api/users/" + alice + "/activity", null, token).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/users/" + alice + "/days", null, token).statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/users/bob-" + run + "/activity", null, token)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/users/bob-" + run + "/days/2026-01-10", null, token)
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(
                                "GET",
                                "/api/users/bob-" + run + "/activity",
                                null,
                                TestJwt.token("ops", "analytics/operations"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theListOfUsersActiveOnADayNeedsTheOperationsScope() throws Exception {
        assertThat(send("GET", "/api/days/2026-01-10/users", null, TestJwt.token("alice-" + run))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/days/2026-01-10/users", null, TestJwt.token("ops", "analytics/operations"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void idTokensAndTokensOfOtherAppClientsAreRefused() throws Exception {
        String alice = "alice-" + run;
        assertThat(send("GET", "/api/users/" + alice + "/activity", null, TestJwt.idToken(alice))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/users/" + alice + "/activity", null, TestJwt.otherClient(alice))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theRateLimitFollowsTheTokenNotAHeaderTheClientChooses() throws Exception {
        String token = TestJwt.token("greedy-" + run, "analytics/ingest");
        int limited = 0;
        for (int i = 0; i < 8; i++) {
            var response = send(
                    "POST", "/api/activity", event("u-" + run), token, "X-Client-Id", "fresh-" + UUID.randomUUID());
            if (response.statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).isPositive();
        // Someone else's token is not affected.
        assertThat(send("POST", "/api/activity", event("u-" + run), TestJwt.token("patient-" + run, "analytics/ingest"))
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void aFuzzedClientGetsNo5xxAndEveryRefusalIsAProblemNamingTheFieldThatWritesNothing() throws Exception {
        var classes = AnalyticsInputs.classes();
        try (var fuzzer = new HttpFuzzer("http://127.0.0.1:" + port, () -> (long) recordsIn())) {
            var report = fuzzer.run(classes);
            System.out.print(report.summary("analytics API"));
            assertThat(report.classes()).isGreaterThanOrEqualTo(20);
            assertThat(report.failures()).isEmpty();
        }
    }

    private static String event(String user) {
        return "{\"userId\":\"" + user + "\",\"type\":\"PAGE_VIEW\",\"itemId\":\"i\"}";
    }

    private double recordsIn() {
        return meters.find("analytics.producer.records.in").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private HttpResponse<String> send(String method, String path, String body, String token, String... headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
