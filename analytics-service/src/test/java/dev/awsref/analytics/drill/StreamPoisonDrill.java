package dev.awsref.analytics.drill;

import dev.awsref.analytics.AnalyticsServiceApplication;
import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.UserActivity;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.RedisTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream-poison drill: good records of ten users with records the consumer can never apply
 * between them, on the same shards, put straight on the stream (past the API's checks). Then it
 * fixes the one whose cause can be fixed (a corrupt daily item) and replays the dead letters.
 * It prints injected, dead-lettered, aggregated and lost; lost must be 0.
 *
 * <p>Kinds of poison: bytes that are not UTF-8, text that is not JSON, an event type nobody
 * registered, an activity type that does not exist, a time no epoch-millisecond counter holds, a year
 * past 9999 (no ISO date sort key), a userId with an unpaired surrogate, a record keyed by another
 * user than its event's, and a valid event whose daily item is corrupt (DynamoDB refuses it until
 * the item is fixed: the one that is tried the model's number of times and then replayed).
 *
 * <p>Run (emulators and Redis up): {@code tools/drills/stream-poison.sh}, which builds the classpath
 * without installing anything and runs {@link #main}.
 */
public final class StreamPoisonDrill {

    public static final int GOOD_USERS = 10;
    public static final int GOOD_RECORDS_PER_USER = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventCodec CODEC = new EventCodec();
    private static final String FIXABLE_DAY = "2026-03-02";

    /** What the drill saw. {@code lost} = injected - aggregated - still poison after the replay. */
    public record Result(
            int injected,
            int deadLettered,
            Map<String, Integer> deadLetteredByReason,
            int replayedAndAggregated,
            int aggregated,
            int stillPoison,
            int lost) {

        public void print(java.io.PrintStream out) {
            out.printf("stream-poison drill%n");
            out.printf(
                    "  injected        %4d (%d good, %d unprocessable)%n",
                    injected, GOOD_USERS * GOOD_RECORDS_PER_USER, injected - GOOD_USERS * GOOD_RECORDS_PER_USER);
            out.printf("  dead-lettered   %4d %s%n", deadLettered, deadLetteredByReason);
            out.printf("  replayed        %4d (cause fixed, then applied)%n", replayedAndAggregated);
            out.printf("  aggregated      %4d%n", aggregated);
            out.printf("  still poison    %4d (back in the dead-letter queue after the replay)%n", stillPoison);
            out.printf("  lost            %4d%n", lost);
        }
    }

    /** How the drill reaches the service's operations API to replay the dead letters. */
    @FunctionalInterface
    public interface Replay {
        void replayDeadLetters() throws Exception;
    }

    private final AwsClients aws;
    private final String prefix;
    private final RedisAggregates redis;
    private final DailyActivityTable daily;
    private final Replay replay;
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    public StreamPoisonDrill(
            AwsClients aws, String prefix, RedisAggregates redis, DailyActivityTable daily, Replay replay) {
        this.aws = aws;
        this.prefix = prefix;
        this.redis = redis;
        this.daily = daily;
        this.replay = replay;
    }

    public Result run() throws Exception {
        List<String> users = new ArrayList<>();
        for (int u = 0; u < GOOD_USERS; u++) {
            users.add("drill-" + run + "-" + u);
        }
        String fixable = "drill-" + run + "-fixable";
        corruptDailyItem(fixable);

        // sequence number -> the bytes put, for every unprocessable record
        var poison = new LinkedHashMap<String, byte[]>();
        int injected = 0;
        for (int n = 0; n < GOOD_RECORDS_PER_USER; n++) {
            for (int u = 0; u < GOOD_USERS; u++) {
                String user = users.get(u);
                put(user, json(user, ActivityType.PAGE_VIEW, "item-" + n, Instant.parse("2026-03-01T08:00:00Z")));
                injected++;
                byte[] bad = n == 4 ? unprocessable(u, user) : null;
                if (bad != null) {
                    poison.put(put(user, bad), bad);
                    injected++;
                }
            }
        }
        byte[] fixableRecord = json(fixable, ActivityType.SEARCH, null, Instant.parse(FIXABLE_DAY + "T09:00:00Z"));
        poison.put(put(fixable, fixableRecord), fixableRecord);
        injected++;
        String foreignUser = "drill-" + run + "-foreign";
        byte[] foreign = json(foreignUser, ActivityType.PAGE_VIEW, "i", Instant.parse("2026-03-01T08:00:00Z"));
        poison.put(put(users.getFirst(), foreign), foreign);
        injected++;

        Map<String, JsonNode> letters = awaitDeadLetters(poison.keySet(), users);
        var byReason = new TreeMap<String, Integer>();
        for (var entry : letters.entrySet()) {
            JsonNode letter = entry.getValue();
            byReason.merge(letter.get("reason").stringValue(), 1, Integer::sum);
            byte[] carried = Base64.getDecoder().decode(letter.get("data").stringValue());
            if (!Arrays.equals(carried, poison.get(entry.getKey()))) {
                throw new IllegalStateException("dead letter " + entry.getKey() + " does not carry the record's bytes");
            }
        }

        // The cause of one is fixed; replay them all: it is applied, the rest come back.
        aws.dynamoDb()
                .deleteItem(b -> b.tableName(prefix + "-" + ReferenceTopology.USER_ACTIVITY_DAILY_TABLE)
                        .key(Map.of(
                                "userId", AttributeValue.fromS(fixable), "day", AttributeValue.fromS(FIXABLE_DAY))));
        replay.replayDeadLetters();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!redis.counters(fixable).containsKey("SEARCH") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        int replayed = Integer.parseInt(redis.counters(fixable).getOrDefault("total", "0"));
        long dailyCount = daily.get(fixable, FIXABLE_DAY)
                .map(DailyActivityTable.Day::eventCount)
                .orElse(0L);
        if (dailyCount != replayed) {
            throw new IllegalStateException(
                    "the replayed record counts " + replayed + " in Redis but " + dailyCount + " in DynamoDB");
        }

        int aggregated = replayed;
        for (String user : users) {
            aggregated += Integer.parseInt(redis.counters(user).getOrDefault("total", "0"));
        }
        int stillPoison = letters.size() - replayed;
        int lost = injected - aggregated - stillPoison;
        return new Result(injected, letters.size(), byReason, replayed, aggregated, stillPoison, lost);
    }

    /** One unprocessable record per good user (the first eight), for its own shard and key. */
    private byte[] unprocessable(int kind, String user) {
        byte[] valid = json(user, ActivityType.PAGE_VIEW, "i", Instant.parse("2026-03-01T08:00:00Z"));
        String text = new String(valid, StandardCharsets.UTF_8);
        return switch (kind) {
            case 0 -> new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x7B}; // not UTF-8
            case 1 -> "hello, not json".getBytes(StandardCharsets.UTF_8);
            case 2 ->
                text.replace("\"type\":\"UserActivity\"", "\"type\":\"TeleportRequested\"")
                        .getBytes(StandardCharsets.UTF_8);
            case 3 -> text.replace("\"PAGE_VIEW\"", "\"TELEPORT\"").getBytes(StandardCharsets.UTF_8);
            case 4 -> json(user, ActivityType.PAGE_VIEW, "i", Instant.parse("-999999999-01-01T00:00:00Z"));
            case 5 -> json(user, ActivityType.PAGE_VIEW, "i", Instant.parse("+10000-01-01T00:00:00Z"));
            case 6 ->
                text.replace("\"userId\":\"" + user + "\"", "\"userId\":\"" + user + "\\ud800\"")
                        .getBytes(StandardCharsets.UTF_8);
            default -> null;
        };
    }

    private static byte[] json(String user, ActivityType type, String item, Instant at) {
        var activity = new UserActivity(user, type, item, at, Map.of());
        return CODEC.toJson(EventEnvelope.of("analytics-service", user, activity))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Puts one record; its sequence number. */
    private String put(String partitionKey, byte[] data) {
        return aws.kinesis()
                .putRecord(b -> b.streamName(prefix + "-" + ReferenceTopology.USER_ACTIVITY_STREAM)
                        .partitionKey(partitionKey)
                        .data(SdkBytes.fromByteArray(data)))
                .sequenceNumber();
    }

    /** A daily item whose SEARCH count is text: DynamoDB refuses to ADD to it, every time. */
    private void corruptDailyItem(String user) {
        aws.dynamoDb()
                .putItem(b -> b.tableName(prefix + "-" + ReferenceTopology.USER_ACTIVITY_DAILY_TABLE)
                        .item(Map.of(
                                "userId", AttributeValue.fromS(user),
                                "day", AttributeValue.fromS(FIXABLE_DAY),
                                "SEARCH", AttributeValue.fromS("corrupt"))));
    }

    /**
     * Waits until every good record is aggregated and a dead letter of every unprocessable one is in
     * the queue; the letters by sequence number. Receives with a short visibility and deletes
     * nothing: the replay takes them.
     */
    private Map<String, JsonNode> awaitDeadLetters(java.util.Set<String> expected, List<String> users)
            throws Exception {
        String queueUrl = aws.sqs()
                .getQueueUrl(b -> b.queueName(prefix + "-" + ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS))
                .queueUrl();
        var letters = new LinkedHashMap<String, JsonNode>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (var message : aws.sqs()
                    .receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(1))
                    .messages()) {
                JsonNode letter = JSON.readTree(message.body());
                String sequence = letter.get("sequenceNumber").stringValue();
                if (expected.contains(sequence)) {
                    letters.put(sequence, letter);
                }
            }
            boolean aggregated = users.stream()
                    .allMatch(u -> String.valueOf(GOOD_RECORDS_PER_USER)
                            .equals(redis.counters(u).get("total")));
            if (aggregated && letters.keySet().containsAll(expected)) {
                return letters;
            }
        }
        throw new IllegalStateException("after 120 s: " + letters.size() + " of " + expected.size()
                + " dead letters; good users aggregated: "
                + users.stream().map(u -> redis.counters(u).get("total")).toList());
    }

    /** Provisions a topology of its own, starts the service on it, runs the drill and prints it. */
    public static void main(String[] args) throws Exception {
        var env = AwsTestEnvironment.get();
        try (var aws = new AwsClients(AwsEndpoints.of(env.region(), env.endpoints()));
                var topology = EphemeralTopology.provision(aws, ReferenceTopology.definition(), "drill")) {
            var props = new LinkedHashMap<String, Object>(env.springProperties());
            props.put("app.topology.prefix", topology.prefix());
            props.put("server.port", "0");
            props.put("management.server.port", "0");
            props.put("spring.data.redis.host", RedisTestServer.get().host());
            props.put("spring.data.redis.port", RedisTestServer.get().port());
            props.put("logging.level.root", "WARN");
            var app = new SpringApplication(AnalyticsServiceApplication.class);
            app.setAdditionalProfiles("test");
            String[] arguments = props.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            try (var context = app.run(arguments);
                    var http = HttpClient.newHttpClient()) {
                int managementPort = Integer.parseInt(context.getEnvironment().getProperty("local.management.port"));
                var drill = new StreamPoisonDrill(
                        aws,
                        topology.prefix(),
                        context.getBean(RedisAggregates.class),
                        context.getBean(DailyActivityTable.class),
                        () -> replayOverHttp(http, managementPort, "ops:ops-test"));
                Result result = drill.run();
                result.print(System.out);
                if (result.lost() != 0) {
                    System.exit(1);
                }
            }
        }
    }

    /** POST /actuator/deadletters on the management port, as an operator. */
    public static String replayOverHttp(HttpClient http, int managementPort, String credentials) throws Exception {
        String auth = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/deadletters"))
                        .header("Authorization", "Basic " + auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"max\":1000}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("replay answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
