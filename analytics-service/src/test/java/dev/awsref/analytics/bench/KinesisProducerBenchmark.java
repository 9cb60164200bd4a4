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
import dev.awsref.testsupport.bench.BenchmarkApp;
import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * A benchmark, not a test: {@code ./dev bench kinesis-producer} runs it (its name matches neither the
 * surefire nor the failsafe includes, so a build never does); {@code KinesisProducerBenchmarkSmokeIT}
 * runs it tiny in every build. On the emulator the tests use (kinesis-local unless AWS_ENDPOINT_URL*
 * or Docker say otherwise), run after run:
 *
 * <ol>
 *   <li>records/s of the batching producer vs one PutRecord per event vs a plain PutRecords(500)
 *       loop, each on a fresh one-shard stream (kinesis-local slows as a stream grows);
 *   <li>records per shard for userId keys vs a skewed key (one user sends 80%), printed;
 *   <li>once: POST -> aggregate latency through the whole service (HTTP, producer, Kinesis, KCL, Redis).
 * </ol>
 */
public final class KinesisProducerBenchmark {

    static final String ID = "kinesis-producer";
    static final String VERSUS_LOOP = "producer ÷ plain PutRecords(500) loop";
    static final String VERSUS_SINGLE = "producer ÷ one PutRecord per event";
    private static final int USERS = 1_000;

    /** Sizes of one invocation: the full run's by default, {@code bench.*} properties override. */
    record Settings(int runs, int singleEvents, int batchEvents, boolean shardSpread, int latencySamples) {
        static Settings fromProperties() {
            return new Settings(
                    BenchmarkRun.runs(5),
                    BenchmarkRun.size("single-events", 300),
                    BenchmarkRun.size("batch-events", 3_000),
                    true,
                    BenchmarkRun.size("latency-samples", 100));
        }
    }

    @Test
    void measure() throws Exception {
        run(Settings.fromProperties());
    }

    static BenchmarkResult run(Settings settings) throws Exception {
        var bench = new BenchmarkRun(
                ID,
                "Kinesis batching producer vs plain loops",
                "the records per second of analytics-service's batching producer (ActivityProducer: PutRecords"
                        + " of up to 500, 4 calls in flight, retries of failed records) with a plain PutRecords(500)"
                        + " loop on one thread and with one PutRecord call per event, each on a fresh one-shard"
                        + " stream of the same emulator, run after run; and, once, the POST -> aggregate in Redis"
                        + " latency through the whole service.",
                "the PutRecords(500) loop is the fastest a single writer can be with no batching logic of its own"
                        + " (the producer must not cost throughput for its buffering and retries: target >= 0.8),"
                        + " and one call per event is what a naive service does (the producer must beat it: >= 4 on"
                        + " kinesis-local, which serves one write at a time).");
        var env = AwsTestEnvironment.get();
        var endpoints = AwsEndpoints.of(env.region(), env.endpoints());
        String run = "bench-an-" + UUID.randomUUID().toString().substring(0, 6);
        System.out.printf(
                "emulators: %s (kinesis %s); %d cores%n",
                env.source(), env.kinesis(), Runtime.getRuntime().availableProcessors());
        try (var aws = new AwsClients(endpoints);
                var kinesis = asyncKinesis(env)) {
            byte[] payload = samplePayload();
            IntFunction<String> userKey = i -> "user-" + (i * 7919 % USERS);
            for (int r = 0; r < settings.runs(); r++) {
                String tag = run + "-" + r;
                double single = withStream(aws, tag + "-single", 1, stream -> {
                    long start = System.nanoTime();
                    for (int i = 0; i < settings.singleEvents(); i++) {
                        String key = userKey.apply(i);
                        aws.kinesis()
                                .putRecord(b ->
                                        b.streamName(stream).partitionKey(key).data(SdkBytes.fromByteArray(payload)));
                    }
                    return rate(settings.singleEvents(), start);
                });
                double plain = withStream(aws, tag + "-plain", 1, stream -> {
                    long start = System.nanoTime();
                    for (int from = 0; from < settings.batchEvents(); from += 500) {
                        var entries = new ArrayList<PutRecordsRequestEntry>();
                        for (int i = from; i < Math.min(from + 500, settings.batchEvents()); i++) {
                            entries.add(PutRecordsRequestEntry.builder()
                                    .partitionKey(userKey.apply(i))
                                    .data(SdkBytes.fromByteArray(payload))
                                    .build());
                        }
                        var response = aws.kinesis()
                                .putRecords(b -> b.streamName(stream).records(entries));
                        if (response.failedRecordCount() > 0) {
                            System.out.println(
                                    "  plain loop: " + response.failedRecordCount() + " failed (not retried)");
                        }
                    }
                    return rate(settings.batchEvents(), start);
                });
                double batching = producerRun(
                        aws, kinesis, modelStream(tag + "-p4"), 4, payload, userKey, settings.batchEvents());
                double batchingOne = producerRun(
                        aws, kinesis, modelStream(tag + "-p1"), 1, payload, userKey, settings.batchEvents());
                bench.record("one PutRecord per event", "records/s", single);
                bench.record("plain PutRecords(500) loop", "records/s", plain);
                bench.record("batching producer, 4 calls in flight", "records/s", batching);
                bench.record("batching producer, 1 call in flight", "records/s", batchingOne);
                bench.record(VERSUS_LOOP, "ratio", ">= 0.8", batching / plain);
                bench.record("producer with 1 call in flight ÷ plain loop", "ratio", batchingOne / plain);
                bench.record(VERSUS_SINGLE, "ratio", ">= 4", batching / single);
            }

            if (settings.shardSpread()) {
                withStream(aws, run + "-skew", 2, stream -> {
                    var spread = perShard(aws, stream, 2_000, userKey);
                    var skewed = perShard(aws, stream, 2_000, i -> i % 5 == 0 ? userKey.apply(i) : "whale");
                    System.out.printf("%nrecords per shard, 2 shards, 2,000 events each:%n");
                    System.out.printf("  userId keys (%d users)        %s%n", USERS, spread);
                    System.out.printf("  skewed (80%% from one user)    %s%n", skewed);
                    bench.record("2 shards, userId keys: share on the busiest shard", "%", busiestShare(spread));
                    bench.record("2 shards, one user sends 80%: share on the busiest shard", "%", busiestShare(skewed));
                    return 0;
                });
            }
        }
        if (settings.latencySamples() > 0) {
            endToEnd(env, run, settings.latencySamples(), bench);
        }
        return bench.finish();
    }

    private static double producerRun(
            AwsClients aws,
            KinesisAsyncClient kinesis,
            String name,
            int maxInFlight,
            byte[] payload,
            IntFunction<String> userKey,
            int events)
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
                for (int from = 0; from < events; from += 100) {
                    var entries = new ArrayList<ActivityProducer.Entry>();
                    for (int i = from; i < Math.min(from + 100, events); i++) {
                        entries.add(new ActivityProducer.Entry(userKey.apply(i), payload));
                    }
                    while (!producer.offer(entries)) {
                        Thread.sleep(5); // backpressure: what a 503 + Retry-After asks of a client
                    }
                }
                producer.awaitDrained(Duration.ofMinutes(5));
                return rate(events, start);
            }
        });
    }

    private static double busiestShare(Map<String, Integer> perShard) {
        int total = perShard.values().stream().mapToInt(Integer::intValue).sum();
        return 100.0
                * perShard.values().stream().mapToInt(Integer::intValue).max().orElse(0)
                / total;
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

    /** POST one event at a time and wait until it is in Redis; records p50 and p90. */
    private static void endToEnd(AwsTestEnvironment env, String run, int samples, BenchmarkRun bench) throws Exception {
        var names = new ResourceNames(run);
        var endpoints = AwsEndpoints.of(env.region(), env.endpoints());
        try (var aws = new AwsClients(endpoints)) {
            new Provisioner(aws, names, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .provision(ReferenceTopology.definition());
            // The producer and consumer are measured here, not token checks: the local profile's open API.
            var app = BenchmarkApp.of(AnalyticsServiceApplication.class)
                    .profiles("local", "test")
                    .topology(run)
                    .onFreePorts()
                    .redis();
            try (var context = app.start()) {
                int port = BenchmarkApp.port(context);
                var redis = context.getBean(RedisAggregates.class);
                var http = HttpClient.newHttpClient();
                // Warm up: the first record waits for KCL to take its leases.
                post(http, port, "warmup");
                while (redis.recent("warmup").isEmpty()) {
                    Thread.sleep(20);
                }
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
                bench.record("POST -> aggregate in Redis, p50 (one at a time)", "ms", millis[samples / 2]);
                bench.record("POST -> aggregate in Redis, p90 (one at a time)", "ms", millis[samples * 9 / 10]);
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

    /**
     * The model's stream under an environment prefix of its own: the producer's calls are then
     * calls on {@code user-activity}, which the build's IAM check can map to the deployed stream.
     */
    private static String modelStream(String prefix) {
        return prefix + "-" + dev.awsref.platform.topology.ReferenceTopology.USER_ACTIVITY_STREAM;
    }
}
