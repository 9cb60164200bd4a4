package dev.awsref.order.bench;

import dev.awsref.order.OrderServiceApplication;
import dev.awsref.order.cache.OrderCache;
import dev.awsref.order.ordering.Order;
import dev.awsref.order.ordering.OrderLine;
import dev.awsref.order.ordering.OrderRepository;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A benchmark, not a test: {@code ./dev bench order-cache} runs it; {@code
 * OrderCacheBenchmarkSmokeIT} runs it tiny in every build. It measures what the order cache is
 * for: taking reads off PostgreSQL. Many orders, a Zipf-skewed read pattern (a few orders are read
 * very often, most rarely), 64 concurrent clients against the production connection pool (10),
 * GET /api/orders/{id}, on Redis, on Memcached, and with the cache switched off
 * ({@code app.cache.engine=none}), each run after unmeasured GETs of the same pattern into an
 * emptied cache.
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
    record Settings(int runs, int orders, int warmup, int requests, int concurrency, double zipfExponent) {
        static Settings fromProperties() {
            return new Settings(
                    BenchmarkRun.runs(3),
                    BenchmarkRun.size("orders", 10_000),
                    BenchmarkRun.size("warmup", 40_000),
                    BenchmarkRun.size("requests", 40_000),
                    BenchmarkRun.size("concurrency", 64),
                    Double.parseDouble(System.getProperty("bench.zipf", "1.0")));
        }
    }

    /** One run's GETs, and the share of them that reached PostgreSQL. */
    record Figures(ClosedLoopLoad.Figures http, double postgresShare) {
        double throughput() {
            return http.throughput();
        }

        long percentile(double p) {
            return http.percentile(p);
        }

        /**
         * Answers other than 200, in percent: with 64 clients on 10 connections, a GET that waits
         * longer than Hikari's connection timeout (5 s) for a connection is a 500. Counted and
         * reported, not hidden: it is what a cache in front of a saturated pool prevents.
         */
        double failedShare() {
            return 100.0 * http.failures() / http.requests();
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
                        + " (10 connections), each run after " + settings.warmup() + " unmeasured GETs of the"
                        + " same pattern into an emptied cache, with the cache on Redis, on Memcached, and"
                        + " switched off (app.cache.engine=none).",
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
                    ids = placeOrders(app, settings.orders());
                }
                List<String> orderIds = ids;
                for (int r = 0; r < settings.runs(); r++) {
                    // Each run: an empty cache, then the same Zipf traffic until the cache holds what
                    // that traffic keeps reading (unmeasured; it also warms the JIT and the pools),
                    // then the measured GETs.
                    emptyCache(app, engine, orderIds);
                    int[] warmup = zipfSequence(settings, settings.warmup(), 1_000 + r);
                    drive(
                            app,
                            settings.warmup(),
                            settings.concurrency(),
                            false,
                            i -> api.get("/api/orders/" + orderIds.get(warmup[i])));
                    int[] sequence = zipfSequence(settings, settings.requests(), r);
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
            bench.record("GETs failed, no cache", "%", none.failedShare());
            for (Engine engine : List.of(Engine.REDIS, Engine.MEMCACHED)) {
                Figures cached = figures.get(engine).get(r);
                String on = engine.label;
                bench.record(
                        engine == Engine.REDIS ? REDIS_SHARE : MEMCACHED_SHARE,
                        "%",
                        "<= 10",
                        100 * cached.postgresShare());
                bench.record("GETs failed, " + on, "%", cached.failedShare());
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
     * Which order each GET reads: order {@code k} (1 = the most read) with probability
     * proportional to 1/k^s. Fixed seeds, so every engine reads the same sequences and the
     * comparison is of the engines, not of the draws.
     */
    static int[] zipfSequence(Settings settings, int length, int seed) {
        var zipf = new ZipfDistribution(new Well19937c(seed), settings.orders(), settings.zipfExponent());
        int[] sequence = new int[length];
        for (int i = 0; i < sequence.length; i++) {
            sequence[i] = zipf.sample() - 1;
        }
        return sequence;
    }

    /**
     * Inserts the orders through the service's own repository (an order with two lines each, as
     * the API would write them, without the outbox row no GET reads): the API would take minutes
     * for 10,000 on two shared cores, and what is measured is the reading.
     */
    private static List<String> placeOrders(ConfigurableApplicationContext app, int count) {
        var orders = app.getBean(OrderRepository.class);
        var transactions = app.getBean(TransactionTemplate.class);
        var lines = List.of(
                new OrderLine("sku-1", 2, new BigDecimal("12.50")), new OrderLine("sku-2", 1, new BigDecimal("3.99")));
        var ids = new ArrayList<String>(count);
        for (int start = 0; start < count; start += 500) {
            int end = Math.min(count, start + 500);
            transactions.executeWithoutResult(status -> {
                for (int i = ids.size(); i < end; i++) {
                    UUID id = UUID.randomUUID();
                    orders.insert(Order.place(id, "cache-bench-" + (i % 1_000), "EUR", lines, Instant.now())
                            .order());
                    ids.add(id.toString());
                }
            });
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
        var http = ClosedLoopLoad.send("GET /api/orders/{id}", requests, concurrency, call);
        return new Figures(http, countScans ? (double) (ordersTableScans(app) - scansBefore) / requests : Double.NaN);
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
            // On a loaded machine the first connection (its handshake runs under the command timeout)
            // can take longer than production's 500 ms, and the benchmark empties the cache through it.
            properties.put("spring.data.redis.connect-timeout", "10s");
            properties.put("spring.data.redis.timeout", "10s");
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
