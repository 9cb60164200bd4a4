package dev.awsref.analytics.bench;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.analytics.AnalyticsServiceApplication;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.analytics.ingest.ActivityProducer;
import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.Provisioner;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.RedisTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import org.springframework.boot.SpringApplication;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * Not a test: prints numbers and ratios. On the emulator the tests use (kinesis-local unless
 * AWS_ENDPOINT_URL* or Docker say otherwise):
 *
 * <ol>
 *   <li>records/s of the batching producer vs one PutRecord per event vs a plain PutRecords(500)
 *       loop, each on a fresh one-shard stream (kinesis-local slows as a stream grows);
 *   <li>records per shard for userId keys vs a skewed key (one user sends 80%);
 *   <li>POST -> aggregate latency through the whole service (HTTP, producer, Kinesis, KCL, Redis).
 * </ol>
 *
 * Run: {@code ./mvnw -B -ntp -o -pl analytics-service test-compile exec:java
 * -Dexec.mainClass=dev.awsref.analytics.bench.KinesisProducerBenchmark
 * -Dexec.classpathScope=test}
 */
public final class KinesisProducerBenchmark {

    private static final int SINGLE_EVENTS = 300;
    private static final int BATCH_EVENTS = 3_000;
    private static final int USERS = 1_000;

    private KinesisProducerBenchmark() {}

    public static void main(String[] args) throws Exception {
        var env = AwsTestEnvironment.get();
        var endpoints = AwsEndpoints.of(env.region(), env.endpoints());
        String run = "bench-an-" + UUID.randomUUID().toString().substring(0, 6);
        if (Arrays.asList(args).contains("--latency-only")) {
            endToEnd(env, run);
            System.exit(0);
        }
        System.out.printf(
                "emulators: %s (kinesis %s); %d cores%n",
                env.source(), env.kinesis(), Runtime.getRuntime().availableProcessors());
        try (var aws = new AwsClients(endpoints);
                var kinesis = asyncKinesis(env)) {
            byte[] payload = samplePayload();
            IntFunction<String> userKey = i -> "user-" + (i * 7919 % USERS);

            double single = withStream(aws, run + "-single", 1, stream -> {
                long start = System.nanoTime();
                for (int i = 0; i < SINGLE_EVENTS; i++) {
                    String key = userKey.apply(i);
                    aws.kinesis()
                            .putRecord(
                                    b -> b.streamName(stream).partitionKey(key).data(SdkBytes.fromByteArray(payload)));
                }
                return rate(SINGLE_EVENTS, start);
            });
            double plain = withStream(aws, run + "-plain", 1, stream -> {
                long start = System.nanoTime();
                for (int from = 0; from < BATCH_EVENTS; from += 500) {
                    var entries = new ArrayList<PutRecordsRequestEntry>();
                    for (int i = from; i < from + 500; i++) {
                        entries.add(PutRecordsRequestEntry.builder()
                                .partitionKey(userKey.apply(i))
                                .data(SdkBytes.fromByteArray(payload))
                                .build());
                    }
                    var response =
                            aws.kinesis().putRecords(b -> b.streamName(stream).records(entries));
                    if (response.failedRecordCount() > 0) {
                        System.out.println("  plain loop: " + response.failedRecordCount() + " failed (not retried)");
                    }
                }
                return rate(BATCH_EVENTS, start);
            });
            double batching = producerRun(aws, kinesis, run + "-producer", 4, payload, userKey);
            double batchingOne = producerRun(aws, kinesis, run + "-producer1", 1, payload, userKey);
            System.out.printf("%nthroughput (records/s, %d-byte events, %d users):%n", payload.length, USERS);
            System.out.printf("  one PutRecord per event       %8.0f  (%d events)%n", single, SINGLE_EVENTS);
            System.out.printf("  plain PutRecords(500) loop    %8.0f  (%d events)%n", plain, BATCH_EVENTS);
            System.out.printf("  batching producer, 4 in flight %7.0f  (%d events)%n", batching, BATCH_EVENTS);
            System.out.printf("  batching producer, 1 in flight %7.0f  (%d events)%n", batchingOne, BATCH_EVENTS);
            System.out.printf(
                    "  producer / plain loop         %8.2f  (target >= 0.8; 1 in flight: %.2f)%n",
                    batching / plain, batchingOne / plain);
            System.out.printf(
                    "  producer / one per event      %8.2f  (target >= 4 on kinesis-local)%n", batching / single);

            withStream(aws, run + "-skew", 2, stream -> {
                System.out.printf("%nrecords per shard, 2 shards, 2,000 events:%n");
                System.out.printf("  userId keys (%d users)        %s%n", USERS, perShard(aws, stream, 2_000, userKey));
                System.out.printf(
                        "  skewed (80%% from one user)    %s%n",
                        perShard(aws, stream, 2_000, i -> i % 5 == 0 ? userKey.apply(i) : "whale"));
                return 0;
            });
        }
        endToEnd(env, run);
        // KCL 3.5.1 leaves a non-daemon pool behind after a graceful shutdown; a main must not hang on it.
        System.exit(0);
    }

    private static double producerRun(
            AwsClients aws,
            KinesisAsyncClient kinesis,
            String name,
            int maxInFlight,
            byte[] payload,
            IntFunction<String> userKey)
            throws Exception {
        return withStream(aws, name, 1, stream -> {
            var settings = new AnalyticsProperties.Producer(
                    true,
                    10_000,
                    Duration.ofMillis(50),
                    4,
                    Duration.ofMillis(100),
                    Duration.ofSeconds(5),
                    12,
                    Duration.ofSeconds(60));
            try (var producer = new ActivityProducer(kinesis, stream, settings, new SimpleMeterRegistry())) {
                long start = System.nanoTime();
                for (int from = 0; from < BATCH_EVENTS; from += 100) {
                    var entries = new ArrayList<ActivityProducer.Entry>();
                    for (int i = from; i < from + 100; i++) {
                        entries.add(new ActivityProducer.Entry(userKey.apply(i), payload));
                    }
                    while (!producer.offer(entries)) {
                        Thread.sleep(5); // backpressure: what a 503 + Retry-After asks of a client
                    }
                }
                producer.awaitDrained(Duration.ofMinutes(5));
                return rate(BATCH_EVENTS, start);
            }
        });
    }

    private static Map<String, Integer> perShard(AwsClients aws, String stream, int events, IntFunction<String> key) {
        var counts = new TreeMap<String, Integer>();
        for (int from = 0; from < events; from += 500) {
            var entries = new ArrayList<PutRecordsRequestEntry>();
            for (int i = from; i < from + 500; i++) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(key.apply(i))
                        .data(SdkBytes.fromUtf8String("x"))
                        .build());
            }
            aws.kinesis()
                    .putRecords(b -> b.streamName(stream).records(entries))
                    .records()
                    .forEach(r -> counts.merge(r.shardId(), 1, Integer::sum));
        }
        return counts;
    }

    /** POST one event at a time and wait until it is in Redis; prints p50/p90/max. */
    private static void endToEnd(AwsTestEnvironment env, String run) throws Exception {
        var names = new ResourceNames(run);
        var endpoints = AwsEndpoints.of(env.region(), env.endpoints());
        try (var aws = new AwsClients(endpoints)) {
            new Provisioner(aws, names, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .provision(ReferenceTopology.definition());
            var props = new java.util.LinkedHashMap<String, Object>(env.springProperties());
            props.put("app.topology.prefix", run);
            props.put("server.port", "0");
            props.put("management.server.port", "0");
            props.put("spring.data.redis.host", RedisTestServer.get().host());
            props.put("spring.data.redis.port", RedisTestServer.get().port());
            props.put("logging.level.root", "WARN");
            var app = new SpringApplication(AnalyticsServiceApplication.class);
            // The producer and consumer are measured here, not token checks: the local profile's open API.
            app.setAdditionalProfiles("local", "test");
            String[] arguments = props.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new);
            try (var context = app.run(arguments)) {
                int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
                var redis = context.getBean(RedisAggregates.class);
                var http = HttpClient.newHttpClient();
                // Warm up: the first record waits for KCL to take its leases.
                post(http, port, "warmup");
                while (redis.recent("warmup").isEmpty()) {
                    Thread.sleep(20);
                }
                int samples = 100;
                long[] millis = new long[samples];
                for (int i = 0; i < samples; i++) {
                    String user = "latency-" + i;
                    long start = System.nanoTime();
                    post(http, port, user);
                    while (redis.recent(user).isEmpty()) {
                        Thread.sleep(2);
                    }
                    millis[i] = (System.nanoTime() - start) / 1_000_000;
                }
                Arrays.sort(millis);
                System.out.printf(
                        "%nPOST -> aggregate in Redis, %d events one at a time (linger 20 ms, KCL idle 200 ms):%n",
                        samples);
                System.out.printf(
                        "  p50 %d ms, p90 %d ms, max %d ms%n",
                        millis[samples / 2], millis[samples * 9 / 10], millis[samples - 1]);
            } finally {
                aws.kinesis().deleteStream(b -> b.streamName(names.physical(ReferenceTopology.USER_ACTIVITY_STREAM)));
            }
        }
    }

    private static void post(HttpClient http, int port, String user) throws Exception {
        String body = "{\"userId\":\"" + user + "\",\"type\":\"PAGE_VIEW\",\"itemId\":\"bench\"}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/activity"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST answered " + response.statusCode() + ": " + response.body());
        }
    }

    interface StreamWork {
        double run(String stream) throws Exception;
    }

    private static double withStream(AwsClients aws, String stream, int shards, StreamWork work) throws Exception {
        aws.kinesis().createStream(b -> b.streamName(stream).shardCount(shards));
        try (var waiter = aws.kinesis().waiter()) {
            waiter.waitUntilStreamExists(b -> b.streamName(stream));
        }
        try {
            return work.run(stream);
        } finally {
            aws.kinesis().deleteStream(b -> b.streamName(stream));
        }
    }

    private static double rate(int events, long startNanos) {
        return events / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** A realistic event: the JSON envelope the service writes, about 400 bytes. */
    private static byte[] samplePayload() {
        var activity = new dev.awsref.platform.events.UserActivity(
                "user-42",
                dev.awsref.platform.events.ActivityType.PAGE_VIEW,
                "sku-123456",
                java.time.Instant.parse("2026-01-10T10:00:00Z"),
                Map.of("page", "/products/sku-123456", "referrer", "/search?q=shoes"));
        return new dev.awsref.platform.events.EventCodec()
                .toJson(dev.awsref.platform.events.EventEnvelope.of("analytics-service", "user-42", activity))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static KinesisAsyncClient asyncKinesis(AwsTestEnvironment env) {
        return KinesisAsyncClient.builder()
                .endpointOverride(env.kinesis())
                .region(Region.of(env.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                // As the service's producer client: the producer retries, the SDK does not.
                .overrideConfiguration(
                        o -> o.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .protocol("http".equals(env.kinesis().getScheme()) ? Protocol.HTTP1_1 : Protocol.HTTP2))
                .build();
    }
}
