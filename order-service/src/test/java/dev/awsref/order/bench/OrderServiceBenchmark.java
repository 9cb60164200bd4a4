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
import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
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
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A benchmark, not a test: {@code ./dev bench order-http} runs it (its name matches neither the
 * surefire nor the failsafe includes, so a build never does); {@code OrderServiceBenchmarkSmokeIT}
 * runs it tiny in every build. It measures POST /api/orders (order + outbox row) against the same
 * insert without the outbox, and cached GET /api/orders/{id} against the same read from PostgreSQL,
 * run after run, on the real application in-process on the local PostgreSQL, Redis and emulators
 * (relay on, as in production; {@code -Dbench.relay=false} measures the write path alone).
 */
public final class OrderServiceBenchmark {

    static final String ID = "order-http";
    static final String POST_RATIO = "POST throughput, with outbox ÷ without";
    static final String GET_RATIO = "GET p50, cached ÷ uncached (one client)";

    /** Sizes of one invocation: the full run's by default, {@code bench.*} properties override. */
    record Settings(int runs, int requests, int concurrency, boolean relay) {
        static Settings fromProperties() {
            return new Settings(
                    BenchmarkRun.runs(5),
                    BenchmarkRun.size("requests", 1000),
                    BenchmarkRun.size("concurrency", 16),
                    !"false".equals(System.getProperty("bench.relay")));
        }
    }

    record Figures(String name, int requests, double seconds, long[] sortedMicros, int failures) {
        double throughput() {
            return requests / seconds;
        }

        long percentile(double p) {
            int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
            return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))];
        }
    }

    @Test
    void measure() throws Exception {
        run(Settings.fromProperties());
    }

    static BenchmarkResult run(Settings settings) throws Exception {
        var bench = new BenchmarkRun(
                ID,
                "order-service over HTTP: the outbox's and the cache's cost and gain",
                "POST /api/orders (the order and its outbox row in one transaction) with the same order insert"
                        + " without the outbox row, and GET /api/orders/{id} served from Redis with the same read"
                        + " from PostgreSQL, through the same running service (relay "
                        + (settings.relay() ? "on, as in production" : "off")
                        + "), " + settings.concurrency() + " clients for throughput and one for latency.",
                "both baselines are test-only endpoints (BenchEndpoints) in the same process, behind the same HTTP"
                        + " stack, validation and connection pool, differing only in the outbox row or the cache,"
                        + " so the ratio is that part's cost or gain alone.");
        int requests = settings.requests();
        int concurrency = settings.concurrency();
        try (ConfigurableApplicationContext app = start(settings.relay())) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var api = new Api(port);
            String customer = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            String body = Api.order(customer, "EUR", "sku-1", "2", "12.50", "sku-2", "1", "3.99");

            // Warm-up: JIT, connection pools, caches.
            run("warm-up", requests / 2, concurrency, i -> api.post("/api/orders", body));
            run("warm-up", requests / 2, concurrency, i -> api.post("/bench/orders-without-outbox", body));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(api.post("/api/orders", body).json().get("id").asString());
            }
            IntFunction<Api.Response> uncachedGet = i -> api.get("/bench/orders-uncached/" + ids.get(i % ids.size()));
            IntFunction<Api.Response> cachedGet = i -> api.get("/api/orders/" + ids.get(i % ids.size()));
            run("warm-up", requests / 2, concurrency, uncachedGet);
            run("warm-up", requests / 2, concurrency, cachedGet);

            for (int r = 0; r < settings.runs(); r++) {
                // Throughput with many clients; latency with one client, so it measures the service's
                // own time rather than the queue in front of two shared cores.
                Figures plain = run(
                        "POST insert without outbox",
                        requests,
                        concurrency,
                        i -> api.post("/bench/orders-without-outbox", body));
                Figures outbox = run(
                        "POST /api/orders (with outbox)", requests, concurrency, i -> api.post("/api/orders", body));
                Figures uncached = run("GET from PostgreSQL (no cache)", requests, concurrency, uncachedGet);
                Figures cached = run("GET /api/orders/{id} (Redis hit)", requests, concurrency, cachedGet);
                Figures uncachedSerial = run("GET from PostgreSQL (no cache)", requests / 2, 1, uncachedGet);
                Figures cachedSerial = run("GET /api/orders/{id} (Redis hit)", requests / 2, 1, cachedGet);

                bench.record("POST without outbox", "req/s", plain.throughput());
                bench.record("POST /api/orders with outbox", "req/s", outbox.throughput());
                bench.record(POST_RATIO, "ratio", ">= 0.7", outbox.throughput() / plain.throughput());
                bench.record("GET uncached, p50 (one client)", "µs", uncachedSerial.percentile(50));
                bench.record("GET cached, p50 (one client)", "µs", cachedSerial.percentile(50));
                bench.record(
                        GET_RATIO,
                        "ratio",
                        "<= 0.5",
                        (double) cachedSerial.percentile(50) / uncachedSerial.percentile(50));
                bench.record("GET throughput, cached ÷ uncached", "ratio", cached.throughput() / uncached.throughput());
            }
        }
        return bench.finish();
    }

    private static Figures run(String name, int requests, int concurrency, IntFunction<Api.Response> call)
            throws Exception {
        Figures figures = send(name, requests, concurrency, call);
        if (figures.failures() > 0) {
            throw new IllegalStateException(name + ": " + figures.failures() + " requests failed");
        }
        return figures;
    }

    /** Sends {@code requests} calls from {@code concurrency} clients; a status of 300 or more counts as a failure. */
    static Figures send(String name, int requests, int concurrency, IntFunction<Api.Response> call) throws Exception {
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
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Figures(name, requests, seconds, sorted, failures.get());
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
