package dev.awsref.order.bench;

import dev.awsref.order.OrderServiceApplication;
import dev.awsref.order.cache.OrderCache;
import dev.awsref.order.support.Api;
import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.MemcachedTestServer;
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
import net.spy.memcached.MemcachedClient;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A benchmark, not a test: {@code ./dev bench order-cache} runs it; {@code
 * OrderCacheBenchmarkSmokeIT} runs it tiny in every build. It measures what the order cache is
 * for: taking reads off PostgreSQL. Many orders, a Zipf-skewed read pattern (a few orders are read
 * very often, most rarely), 64 concurrent clients against the production connection pool (10),
 * GET /api/orders/{id}, on Redis, on Memcached, and with the cache switched off
 * ({@code app.cache.engine=none}), each from a cold cache.
 *
 * <p>The share of GETs that reached PostgreSQL is counted by PostgreSQL, not derived from the hit
 * rate: the scans of the {@code orders} table in {@code pg_stat_user_tables} during the run (each
 * read of an order scans it once; the outbox relay and cleanup are off, so nothing else reads it),
 * divided by the GETs sent. Without the cache it must come out at 100 %, which checks the count.
 */
public final class OrderCacheBenchmark {

    static final String ID = "order-cache";
    static final String REDIS_SHARE = "GETs reaching PostgreSQL, Redis cache";
    static final String MEMCACHED_SHARE = "GETs reaching PostgreSQL, Memcached cache";

    /** The engines compared, by {@code app.cache.engine}; {@code none} is the baseline. */
    enum Engine {
        NONE("no cache"),
        REDIS("Redis"),
        MEMCACHED("Memcached");

        final String label;

        Engine(String label) {
            this.label = label;
        }

        String property() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Sizes of one invocation: the full run's by default, {@code bench.*} properties override. */
    record Settings(int runs, int orders, int requests, int concurrency, double zipfExponent) {
        static Settings fromProperties() {
            return new Settings(
                    BenchmarkRun.runs(3),
                    BenchmarkRun.size("orders", 10_000),
                    BenchmarkRun.size("requests", 40_000),
                    BenchmarkRun.size("concurrency", 64),
                    Double.parseDouble(System.getProperty("bench.zipf", "1.0")));
        }
    }

    record Figures(int requests, double seconds, long[] sortedMicros, double postgresShare) {
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
                "order-service's cache: the reads it takes off PostgreSQL",
                "GET /api/orders/{id} over " + settings.orders() + " orders, read in a Zipf pattern (s = "
                        + settings.zipfExponent() + "), " + settings.requests() + " GETs per run from "
                        + settings.concurrency() + " concurrent clients against the production Hikari pool"
                        + " (10 connections), starting from a cold cache, with the cache on Redis, on"
                        + " Memcached, and switched off (app.cache.engine=none).",
                "the same service, the same orders and the same sequence of ids with the cache switched off by"
                        + " its property, so PostgreSQL serves every read through the same HTTP stack, security,"
                        + " ownership check and view mapping; the share reaching PostgreSQL is PostgreSQL's own count"
                        + " of scans of the orders table (pg_stat_user_tables, relay and cleanup off) divided by the"
                        + " GETs sent.");
        var provisioned = provision();
        List<String> ids = null;
        Map<Engine, List<Figures>> figures = new HashMap<>();
        for (Engine engine : Engine.values()) {
            try (ConfigurableApplicationContext app = start(provisioned, engine)) {
                var api = new Api(
                        ((WebServerApplicationContext) app).getWebServer().getPort());
                if (ids == null) {
                    ids = placeOrders(api, settings.orders());
                }
                List<String> orderIds = ids;
                // Warm-up of the JIT and the pools; the cache is emptied after it, so every run starts cold.
                drive(
                        app,
                        settings.requests() / 4,
                        settings.concurrency(),
                        false,
                        i -> api.get("/api/orders/" + orderIds.get(i % orderIds.size())));
                for (int r = 0; r < settings.runs(); r++) {
                    emptyCache(app, engine, orderIds);
                    int[] sequence = zipfSequence(settings, r);
                    figures.computeIfAbsent(engine, e -> new ArrayList<>())
                            .add(drive(
                                    app,
                                    settings.requests(),
                                    settings.concurrency(),
                                    true,
                                    i -> api.get("/api/orders/" + orderIds.get(sequence[i]))));
                }
            }
        }
        for (int r = 0; r < settings.runs(); r++) {
            Figures none = figures.get(Engine.NONE).get(r);
            bench.record("GETs reaching PostgreSQL, no cache", "%", 100 * none.postgresShare());
            bench.record("GET p50, no cache", "µs", none.percentile(50));
            bench.record("GET p99, no cache", "µs", none.percentile(99));
            bench.record("GET throughput, no cache", "req/s", none.throughput());
            for (Engine engine : List.of(Engine.REDIS, Engine.MEMCACHED)) {
                Figures cached = figures.get(engine).get(r);
                String on = engine.label;
                bench.record(
                        engine == Engine.REDIS ? REDIS_SHARE : MEMCACHED_SHARE,
                        "%",
                        "<= 10",
                        100 * cached.postgresShare());
                bench.record("GET p50, " + on, "µs", cached.percentile(50));
                bench.record("GET p99, " + on, "µs", cached.percentile(99));
                bench.record(
                        "GET p99, " + on + " ÷ no cache",
                        "ratio",
                        (double) cached.percentile(99) / none.percentile(99));
                bench.record("GET throughput, " + on + " ÷ no cache", "ratio", cached.throughput() / none.throughput());
            }
        }
        return bench.finish();
    }

    /**
     * Which order each GET of run {@code run} reads: order {@code k} (1 = the most read) with
     * probability proportional to 1/k^s. A fixed seed per run, so every engine reads the same
     * sequence and the comparison is of the engines, not of the draws.
     */
    static int[] zipfSequence(Settings settings, int run) {
        var zipf = new ZipfDistribution(new Well19937c(42 + run), settings.orders(), settings.zipfExponent());
        int[] sequence = new int[settings.requests()];
        for (int i = 0; i < sequence.length; i++) {
            sequence[i] = zipf.sample() - 1;
        }
        return sequence;
    }

    private static List<String> placeOrders(Api api, int count) throws Exception {
        var ids = new ConcurrentLinkedQueue<String>();
        var next = new AtomicInteger();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int c = 0; c < 16; c++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < count) {
                        String customer =
                                "cache-bench-" + UUID.randomUUID().toString().substring(0, 8);
                        var placed = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "2", "12.50"));
                        if (placed.status() != 201) {
                            throw new IllegalStateException("placing an order failed: " + placed.status());
                        }
                        ids.add(placed.json().get("id").asString());
                    }
                    return null;
                });
            }
        }
        if (ids.size() != count) {
            throw new IllegalStateException("placed " + ids.size() + " of " + count + " orders");
        }
        return List.copyOf(ids);
    }

    /** A cold start for each run: only this benchmark's keys on the shared Redis, all of its own Memcached. */
    private static void emptyCache(ConfigurableApplicationContext app, Engine engine, List<String> ids)
            throws Exception {
        switch (engine) {
            case REDIS ->
                app.getBean(StringRedisTemplate.class)
                        .delete(ids.stream()
                                .map(id -> OrderCache.key(UUID.fromString(id)))
                                .toList());
            case MEMCACHED -> app.getBean(MemcachedClient.class).flush().get();
            case NONE -> {}
        }
    }

    /** Sends the GETs; with {@code countScans}, also counts what reached PostgreSQL (22 s more). */
    private static Figures drive(
            ConfigurableApplicationContext app,
            int requests,
            int concurrency,
            boolean countScans,
            IntFunction<Api.Response> call)
            throws Exception {
        long scansBefore = countScans ? ordersTableScans(app) : 0;
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
                        if (response.status() != 200) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + requests + " GETs failed");
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Figures(
                requests,
                seconds,
                sorted,
                countScans ? (double) (ordersTableScans(app) - scansBefore) / requests : Double.NaN);
    }

    /**
     * How often PostgreSQL has scanned the orders table, by its statistics. A backend sends its
     * counts to the statistics at most once a second, and an idle one after up to 10 s
     * (PostgreSQL 15 and later), so this waits 11 s first: the count then includes every read made
     * before the call.
     */
    private static long ordersTableScans(ConfigurableApplicationContext app) throws InterruptedException {
        Thread.sleep(11_000);
        return app.getBean(JdbcClient.class)
                .sql("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables"
                        + " WHERE relname = 'orders'")
                .query(Long.class)
                .single();
    }

    record Provisioned(String prefix, FreshDatabase database) {}

    private static Provisioned provision() {
        AwsTestEnvironment aws = AwsTestEnvironment.get();
        String prefix = EphemeralTopology.provisionUntilExit(
                        new AwsClients(AwsEndpoints.of(aws.region(), aws.endpoints())),
                        ReferenceTopology.definition().messagingOnly(),
                        "bench")
                .prefix();
        return new Provisioned(prefix, FreshDatabase.create("orders"));
    }

    private static ConfigurableApplicationContext start(Provisioned provisioned, Engine engine) {
        AwsTestEnvironment aws = AwsTestEnvironment.get();
        FreshDatabase database = provisioned.database();
        Map<String, Object> properties = new HashMap<>(aws.springProperties());
        properties.put("spring.datasource.url", database.jdbcUrl());
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("app.cache.engine", engine.property());
        if (engine == Engine.REDIS) {
            RedisTestServer redis = RedisTestServer.get();
            properties.put("spring.data.redis.host", redis.host());
            properties.put("spring.data.redis.port", redis.port());
        }
        if (engine == Engine.MEMCACHED) {
            properties.put(
                    "app.cache.memcached.addresses", MemcachedTestServer.get().address());
        }
        properties.put("app.topology.prefix", provisioned.prefix());
        // Nothing but the GETs borrows a connection: the relay and the cleanup are off.
        properties.put("app.outbox.relay-enabled", false);
        properties.put("app.outbox.cleanup-enabled", false);
        properties.put("app.rate-limit.limit-for-period", 1_000_000);
        properties.put("server.port", 0);
        properties.put("management.server.port", 0);
        properties.put("logging.level.root", "WARN");
        // As arguments, so they win over application-local.yml. The pool size is left alone: the
        // production one (spring.datasource.hikari.maximum-pool-size in application.yml).
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(OrderServiceApplication.class)
                .profiles("local")
                .run(arguments);
    }
}
