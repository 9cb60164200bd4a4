package dev.awsref.order.bench;

import dev.awsref.order.OrderServiceApplication;
import dev.awsref.order.support.Api;
import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.RedisTestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Not a test: measures POST /api/orders (order + outbox row) against the same insert without the
 * outbox, and cached GET /api/orders/{id} against the same read from PostgreSQL, and prints
 * throughput, percentiles and ratios. Runs the real application in-process on the local
 * PostgreSQL, Redis and emulators (relay on, as in production). Run:
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl order-service test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.awsref.order.bench.OrderServiceBenchmark [-Dexec.args="2000 16 [relay-off]"]
 * </pre>
 */
public final class OrderServiceBenchmark {

    private OrderServiceBenchmark() {}

    record Figures(String name, int requests, double seconds, long[] sortedMicros) {
        double throughput() {
            return requests / seconds;
        }

        long percentile(double p) {
            int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
            return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))];
        }

        String line() {
            return String.format(
                    "%-34s %7.0f req/s   p50 %6d us   p95 %6d us   p99 %6d us",
                    name, throughput(), percentile(50), percentile(95), percentile(99));
        }
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        boolean relay = args.length <= 2 || !"relay-off".equals(args[2]);
        ConfigurableApplicationContext app = start(relay);
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var api = new Api(port);
            String customer = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            String body = Api.order(customer, "EUR", "sku-1", "2", "12.50", "sku-2", "1", "3.99");

            // Warm-up: JIT, connection pools, caches.
            run("warm-up", requests / 2, concurrency, i -> api.post("/api/orders", body));
            run("warm-up", requests / 2, concurrency, i -> api.post("/bench/orders-without-outbox", body));

            // Throughput with many clients; latency with one client, so it measures the service's
            // own time rather than the queue in front of two shared cores.
            Figures plain = run(
                    "POST insert without outbox",
                    requests,
                    concurrency,
                    i -> api.post("/bench/orders-without-outbox", body));
            Figures outbox =
                    run("POST /api/orders (with outbox)", requests, concurrency, i -> api.post("/api/orders", body));
            Figures plainSerial = run(
                    "POST insert without outbox", requests / 4, 1, i -> api.post("/bench/orders-without-outbox", body));
            Figures outboxSerial =
                    run("POST /api/orders (with outbox)", requests / 4, 1, i -> api.post("/api/orders", body));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(api.post("/api/orders", body).json().get("id").asString());
            }
            IntFunction<Api.Response> uncachedGet = i -> api.get("/bench/orders-uncached/" + ids.get(i % ids.size()));
            IntFunction<Api.Response> cachedGet = i -> api.get("/api/orders/" + ids.get(i % ids.size()));
            run("warm-up", requests / 2, concurrency, uncachedGet);
            run("warm-up", requests / 2, concurrency, cachedGet);
            Figures uncached = run("GET from PostgreSQL (no cache)", requests, concurrency, uncachedGet);
            Figures cached = run("GET /api/orders/{id} (Redis hit)", requests, concurrency, cachedGet);
            Figures uncachedSerial = run("GET from PostgreSQL (no cache)", requests / 2, 1, uncachedGet);
            Figures cachedSerial = run("GET /api/orders/{id} (Redis hit)", requests / 2, 1, cachedGet);

            System.out.printf(
                    "%norder-service benchmark: relay %s, %d cores, load average %.1f at the end%n",
                    relay ? "on" : "off",
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
            System.out.printf("throughput, %d concurrent clients, %d requests each:%n", concurrency, requests);
            for (Figures f : List.of(plain, outbox, uncached, cached)) {
                System.out.println("  " + f.line());
            }
            System.out.println("latency, one client at a time:");
            for (Figures f : List.of(plainSerial, outboxSerial, uncachedSerial, cachedSerial)) {
                System.out.println("  " + f.line());
            }
            System.out.printf(
                    "POST throughput with outbox / without:   %.2f  (target >= 0.7)%n",
                    outbox.throughput() / plain.throughput());
            System.out.printf(
                    "GET p50 cached / uncached (one client):  %.2f  (target <= 0.5)%n",
                    (double) cachedSerial.percentile(50) / uncachedSerial.percentile(50));
            System.out.printf(
                    "GET throughput cached / uncached:        %.2f%n", cached.throughput() / uncached.throughput());
        } finally {
            app.close();
        }
    }

    private static Figures run(String name, int requests, int concurrency, IntFunction<Api.Response> call)
            throws Exception {
        var latencies = new ConcurrentLinkedQueue<Long>();
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        long start = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(concurrency)) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        long t0 = System.nanoTime();
                        Api.Response response = call.apply(i);
                        latencies.add((System.nanoTime() - t0) / 1000);
                        if (response.status() >= 300) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(name + ": " + failures.get() + " requests failed");
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Figures(name, requests, seconds, sorted);
    }

    private static ConfigurableApplicationContext start(boolean relay) {
        AwsTestEnvironment aws = AwsTestEnvironment.get();
        String prefix = EphemeralTopology.provisionUntilExit(
                        new AwsClients(AwsEndpoints.of(aws.region(), aws.endpoints())),
                        ReferenceTopology.definition().messagingOnly(),
                        "bench")
                .prefix();
        FreshDatabase database = FreshDatabase.create("orders");
        RedisTestServer redis = RedisTestServer.get();
        Map<String, Object> properties = new HashMap<>(aws.springProperties());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("spring.data.redis.host", redis.host());
        properties.put("spring.data.redis.port", redis.port());
        properties.put("app.topology.prefix", prefix);
        // "relay-off" measures the write path alone; by default the relay publishes meanwhile, as in production.
        properties.put("app.outbox.relay-enabled", relay);
        properties.put("app.rate-limit.limit-for-period", 1_000_000);
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("logging.level.root", "WARN");
        // As arguments, so they win over application-local.yml (its rate limit would throttle the run).
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(OrderServiceApplication.class, BenchEndpoints.class)
                .profiles("local")
                .run(arguments);
    }
}
