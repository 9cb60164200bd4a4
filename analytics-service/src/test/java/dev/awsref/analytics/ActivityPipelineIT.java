package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.analytics.aggregate.AppliedActivity;
import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.support.RunningAnalyticsService;
import dev.awsref.analytics.support.TestTopology;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.OrderLine;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.UserActivity;
import dev.awsref.platform.topology.ReferenceTopology;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What reads the stream and leaves it as it is: per-user order, counters, daily items and their GSI
 * and LSI, duplicates counted once, a restart that reads nothing twice, order events from SQS, bad
 * input, and the operations API's credentials. They share one topology and one running service;
 * what changes the stream (a split, a stream that comes late, a replay) has a class of its own.
 */
class ActivityPipelineIT extends RunningAnalyticsService {

    static final TestTopology TOPOLOGY = TestTopology.provision("it-an-activity");

    @DynamicPropertySource
    static void topology(DynamicPropertyRegistry registry) {
        TOPOLOGY.register(registry);
    }

    ActivityPipelineIT() {
        super(TOPOLOGY);
    }

    @Test
    void eventsOfSeveralUsersComeOutInEachUsersOrderWithCountersAndDailyItems() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> users = List.of("ann-" + run, "ben-" + run, "cat-" + run, "dan-" + run, "eve-" + run);
        // Day one: 12 events per user; day two: 7. Interleaved across users and split over POSTs.
        var batch = new ArrayList<Map<String, Object>>();
        for (int n = 0; n < 19; n++) {
            String day = n < 12 ? "2026-01-10" : "2026-01-11";
            for (String user : users) {
                batch.add(event(
                        user,
                        ActivityType.values()[n % 4],
                        "item-" + n,
                        day + "T10:00:" + String.format("%02d", n) + "Z"));
            }
        }
        batch.add(3, Map.of("type", "PAGE_VIEW")); // no userId: rejected, the others still go in
        for (int from = 0; from < batch.size(); from += 40) {
            var response = post(batch.subList(from, Math.min(batch.size(), from + 40)));
            assertThat(response.statusCode()).isEqualTo(202);
            if (from == 0) {
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("accepted").intValue()).isEqualTo(39);
                assertThat(body.get("rejected").get(0).get("index").intValue()).isEqualTo(3);
                assertThat(body.get("rejected").get(0).get("field").stringValue())
                        .isEqualTo("userId");
            }
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (String user : users) {
                assertThat(redis.recent(user)).hasSize(19);
            }
        });
        for (String user : users) {
            List<String> items = redis.recent(user).stream()
                    .map(line -> line.split("\\|")[2])
                    .toList();
            var expected = new ArrayList<String>();
            for (int n = 0; n < 19; n++) {
                expected.add("item-" + n);
            }
            assertThat(items).as("order of %s", user).containsExactlyElementsOf(expected);
            assertThat(redis.counters(user))
                    .containsEntry("total", "19")
                    .containsEntry("PAGE_VIEW", "5")
                    .containsEntry("SEARCH", "5")
                    .containsEntry("CART_ADD", "5")
                    .containsEntry("PURCHASE", "4");
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(daily.usersActiveOn("2026-01-11", 100))
                        .extracting(DailyActivityTable.Day::userId)
                        .containsAll(users));

        var day = daily.get(users.getFirst(), "2026-01-10").orElseThrow();
        assertThat(day.eventCount()).isEqualTo(12);
        assertThat(day.perType()).containsEntry("PAGE_VIEW", 3L).containsEntry("PURCHASE", 3L);
        // GSI by-day: one day across users, ordered by user id.
        assertThat(daily.usersActiveOn("2026-01-10", 100))
                .extracting(DailyActivityTable.Day::userId)
                .containsExactlyElementsOf(users.stream().sorted().toList());
        // LSI by-event-count: one user's days, busiest first.
        assertThat(daily.busiestDays(users.get(2), 10))
                .extracting(DailyActivityTable.Day::day, DailyActivityTable.Day::eventCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-01-10", 12L),
                        org.assertj.core.groups.Tuple.tuple("2026-01-11", 7L));
        // The same through the read API.
        JsonNode busiest =
                JSON.readTree(get("/api/users/" + users.get(2) + "/days").body());
        assertThat(busiest.get(0).get("day").stringValue()).isEqualTo("2026-01-10");
        assertThat(JSON.readTree(get("/api/days/2026-01-11/users").body()).size())
                .isGreaterThanOrEqualTo(5);
        assertThat(JSON.readTree(get("/api/items/top?type=PAGE_VIEW").body()).size())
                .isPositive();
    }

    @Test
    void aRecordAppliedTwiceCountsOnce() {
        var record = new AppliedActivity(
                UUID.randomUUID().toString(),
                new UserActivity(
                        "twice-" + UUID.randomUUID(),
                        ActivityType.SEARCH,
                        null,
                        Instant.parse("2026-02-01T00:00:00Z"),
                        Map.of()),
                "shardId-000000000007",
                "49650000000000000000000000000000000000000000000000000042");

        assertThat(daily.apply(record)).isTrue();
        assertThat(redis.apply(record)).isTrue();
        assertThat(daily.apply(record)).isFalse();
        assertThat(redis.apply(record)).isFalse();

        String user = record.activity().userId();
        assertThat(redis.counters(user)).containsEntry("total", "1");
        assertThat(daily.get(user, "2026-02-01").orElseThrow().eventCount()).isEqualTo(1);
    }

    @Test
    void aRestartedConsumerResumesFromItsCheckpointWithoutCountingAgain() throws Exception {
        String user = "restart-" + UUID.randomUUID().toString().substring(0, 6);
        post(List.of(
                event(user, ActivityType.PAGE_VIEW, "p-1", null), event(user, ActivityType.PAGE_VIEW, "p-2", null)));
        await().atMost(Duration.ofSeconds(90)).until(() -> redis.recent(user).size() == 2);

        var redelivered = meters.counter(
                "analytics.consumer.records.duplicate", "application", prefix() + "-analytics-user-activity");
        double redeliveredBefore = redelivered.count();
        consumer.stop(); // graceful: every shard checkpoints in shutdownRequested
        post(List.of(event(user, ActivityType.CART_ADD, "p-3", null)));
        consumer.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> redis.recent(user).size() == 3);
        assertThat(redis.counters(user)).containsEntry("total", "3").containsEntry("CART_ADD", "1");
        // Nothing before the checkpoint came again: the new worker read only what was new.
        assertThat(redelivered.count()).isEqualTo(redeliveredBefore);
        assertThat(JSON.readTree(get("/api/activity/active-users").body())
                        .get("users")
                        .longValue())
                .isPositive();
    }

    @Test
    void purchasesFromOrderEventsAreRecordedOncePerEventAndSpendToTheCent() {
        String customer = "buyer-" + UUID.randomUUID().toString().substring(0, 6);
        var placed = EventEnvelope.of(
                "order-service",
                "o-1",
                new OrderPlaced(
                        "o-1",
                        customer,
                        "EUR",
                        new BigDecimal("1249.90"), // a double would read back as 1249.90000000000000002
                        List.of(
                                new OrderLine("sku-" + customer, 3, new BigDecimal("10.00")),
                                new OrderLine("machine-" + customer, 1, new BigDecimal("1219.90")))));
        String body = new EventCodec().toJson(placed);
        String queueUrl = topology.queueUrl(ReferenceTopology.ANALYTICS_ORDER_EVENTS);
        aws().sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        aws().sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)); // redelivery of the same event

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(redis.counters(customer)).containsEntry("orders", "1"));
        assertThat(redis.counters(customer)).containsEntry("spend", "1249.90");
        assertThat(redis.topPurchased(100)).containsEntry("sku-" + customer, 3L);
    }

    @Test
    void answersProblemDetailsForBadInputAndTooLargeBodies() throws Exception {
        var allBad = post(List.of(Map.of("userId", "u", "type", "LOOK")));
        assertThat(allBad.statusCode()).isEqualTo(400);
        assertThat(allBad.body()).contains("\"field\":\"type\"");

        var tooMany = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(event("u", ActivityType.PAGE_VIEW, "i", null));
        }
        assertThat(post(tooMany).statusCode()).isEqualTo(400);

        String huge =
                "{\"userId\":\"u\",\"type\":\"SEARCH\",\"properties\":{\"q\":\"" + "x".repeat(1200 * 1024) + "\"}}";
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/activity"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", bearer())
                        .POST(HttpRequest.BodyPublishers.ofString(huge))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void operationsNeedCredentialsAndShowPerShardCounts() throws Exception {
        var anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/kinesis"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        JsonNode view = JSON.readTree(ops("GET", "/actuator/kinesis", null).body());
        assertThat(view.get("stream").stringValue()).isEqualTo(prefix() + "-user-activity");
        assertThat(view.get("shards").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anEventTheProducerWroteTwiceIsCountedOnce() {
        // What a PutRecords retry after a timeout that had in fact succeeded leaves on the stream:
        // the same event in two records with different sequence numbers.
        String user = "dup-" + UUID.randomUUID().toString().substring(0, 6);
        var event = EventEnvelope.of(
                "analytics-service",
                user,
                new UserActivity(user, ActivityType.PAGE_VIEW, "d-1", Instant.parse("2026-03-01T08:00:00Z"), Map.of()));
        String json = new EventCodec().toJson(event);
        for (int i = 0; i < 2; i++) {
            aws().kinesis()
                    .putRecord(b -> b.streamName(prefix() + "-user-activity")
                            .partitionKey(user)
                            .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(json)));
        }
        aws().kinesis()
                .putRecord(b -> b.streamName(prefix() + "-user-activity")
                        .partitionKey(user)
                        .data(software.amazon.awssdk.core.SdkBytes.fromUtf8String(new EventCodec()
                                .toJson(EventEnvelope.of(
                                        "analytics-service",
                                        user,
                                        new UserActivity(
                                                user,
                                                ActivityType.SEARCH,
                                                null,
                                                Instant.parse("2026-03-01T08:01:00Z"),
                                                Map.of()))))));

        await().atMost(Duration.ofSeconds(90)).until(() -> redis.counters(user).containsKey("SEARCH"));
        assertThat(redis.counters(user)).containsEntry("total", "2").containsEntry("PAGE_VIEW", "1");
        assertThat(daily.get(user, "2026-03-01").orElseThrow().eventCount()).isEqualTo(2);
    }
}
