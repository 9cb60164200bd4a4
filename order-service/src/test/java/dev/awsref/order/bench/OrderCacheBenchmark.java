package dev.awsref.order.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.awsref.order.OrderServiceApplication;
import dev.awsref.order.cache.OrderCache;
import dev.awsref.order.ordering.Order;
import dev.awsref.order.ordering.OrderLine;
import dev.awsref.order.ordering.OrderRepository;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.MemcachedTestServer;
import dev.awsref.testsupport.bench.BenchmarkApp;
import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import net.spy.memcached.MemcachedClient;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A benchmark, not a test: {@code ./dev bench order-cache} runs it; {@code
 * OrderCacheBenchmarkSmokeIT} runs it tiny in every build. It measures what the order cache is
 * for: taking reads off PostgreSQL. Many orders, a Zipf-skewed read pattern (a few orders are read
 * very often, most rarely), 64 Gatling clients in a closed loop ({@link OrderHttpSimulation})
 * against the production connection pool, GET /api/orders/{id}, on Redis, on Memcached, and with
 * the cache switched off ({@code app.cache.engine=none}), each run after unmeasured GETs of the
 * same pattern into an emptied cache.
 *
 * <p>The share of GETs that reached PostgreSQL is counted by PostgreSQL, not derived from the
 * service's hit meter: the scans of the {@code orders} table in {@code pg_stat_user_tables} during
 * the run (each read of an order scans it once; the outbox relay and cleanup are off, so nothing
 * else reads it), divided by the GETs sent. It is what the database saw whatever the cache code
 * believes, so a read that slipped past the cache (a failed cache call, a key that never matches)
 * is counted too; without the cache it must come out at 100 %, which checks the count.
 */
public final class OrderCacheBenchmark {

    static final String ID = "order-cache";
    static final String NONE_SHARE = "GETs reaching PostgreSQL, no cache";
    static final String REDIS_SHARE = "GETs reaching PostgreSQL, Redis cache";
    static final String MEMCACHED_SHARE = "GETs reaching PostgreSQL, Memcached cache";
    static final String MODEL_SHARE = "GETs reaching PostgreSQL, Zipf model with no eviction";

    /** The engines compared, by {@code app.cache.engine}; {@code none} is the baseline. */
    enum Engine {
        NONE("no cache", NONE_SHARE),
        REDIS("Redis", REDIS_SHARE),
        MEMCACHED("Memcached", MEMCACHED_SHARE);

        final String label;
        final String share;

        Engine(String label, String share) {
            this.label = label;
            this.share = share;
        }

        String property() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Sizes of one invocation: the full run's by default, {@code bench.*} properties override.
     *
     * <p>The exponent is 1.0 by default, the classic Zipf law (the k-th most read order is read 1/k
     * as often as the first) and next to the constant of YCSB's zipfian request distribution
     * (0.99): with 10,000 orders the 100 most read take about half the reads, and every
     * order is still read now and then, so the cache has both a hot head and a tail that misses.
     */
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

    @Test
    void measure() throws Exception {
        run(Settings.fromProperties());
    }

    static BenchmarkResult run(Settings settings) throws Exception {
        String prefix = OrderBenchmarks.provisionTopology();
        FreshDatabase database = FreshDatabase.create("orders");
        Map<Engine, ConfigurableApplicationContext> apps = new EnumMap<>(Engine.class);
        Map<Engine, List<Measured>> measured = new EnumMap<>(Engine.class);
        int poolSize;
        try {
            // All three services stay up, on the same database, so that each run can measure the
            // engines one right after the other: the load on a shared machine drifts, and run by run
            // it drifts alike for all three. Only one of them is sent GETs at a time.
            for (Engine engine : Engine.values()) {
                apps.put(engine, start(prefix, database, engine));
            }
            poolSize = apps.get(Engine.NONE).getBean(HikariDataSource.class).getMaximumPoolSize();
            List<String> ids = placeOrders(apps.get(Engine.NONE), settings.orders());
            Engine[] engines = Engine.values();
            for (int r = 0; r < settings.runs(); r++) {
                for (int turn = 0; turn < engines.length; turn++) {
                    // A different engine goes first in each run, so none always follows the same one.
                    Engine engine = engines[(turn + r) % engines.length];
                    measured.computeIfAbsent(engine, e -> new ArrayList<>(Collections.nCopies(settings.runs(), null)))
                            .set(r, measure(apps.get(engine), engine, ids, settings, r));
                }
            }
        } finally {
            apps.values().forEach(ConfigurableApplicationContext::close);
        }
        var bench = new BenchmarkRun(
                ID,
                "order-service's cache: the reads it takes off PostgreSQL",
                "GET /api/orders/{id} over " + settings.orders() + " orders, read in a Zipf pattern (s = "
                        + settings.zipfExponent() + "), " + settings.requests() + " GETs per run from "
                        + settings.concurrency() + " Gatling clients in a closed loop against the production"
                        + " Hikari pool (" + poolSize + " connections), each run after " + settings.warmup()
                        + " unmeasured GETs of the same pattern into an emptied cache, with the cache on Redis,"
                        + " on Memcached, and switched off (app.cache.engine=none).",
                "the same service, the same orders and the same sequence of ids with the cache switched off by"
                        + " its property, so PostgreSQL serves every read through the same HTTP stack, security,"
                        + " ownership check and view mapping; the share reaching PostgreSQL is PostgreSQL's own count"
                        + " of scans of the orders table (pg_stat_user_tables, relay and cleanup off) divided by the"
                        + " GETs sent, and the Zipf model's share (a cache that never loses an entry misses each"
                        + " order's first read only) is what a perfect cache would let through.");
        double model = 100 * expectedMissShare(settings);
        for (int r = 0; r < settings.runs(); r++) {
            Measured none = measured.get(Engine.NONE).get(r);
            bench.record(MODEL_SHARE, "%", model);
            for (Engine engine : Engine.values()) {
                Measured m = measured.get(engine).get(r);
                String on = engine.label;
                double load = m.loadAverage();
                String target = engine == Engine.NONE ? null : "<= 10";
                bench.record(engine.share, "%", target, 100 * m.postgresShare(), load);
                bench.record("GETs failed, " + on, "%", null, m.http().failedPercent(), load);
                bench.record("GET p50, " + on, "ms", null, m.http().p50Millis(), load);
                bench.record("GET p99, " + on, "ms", null, m.http().p99Millis(), load);
                bench.record("GET throughput, " + on, "req/s", null, m.http().requestsPerSecond(), load);
                if (engine != Engine.NONE) {
                    bench.record(
                            "GET p99, " + on + " ÷ no cache",
                            "ratio",
                            null,
                            (double) m.http().p99Millis()
                                    / Math.max(1, none.http().p99Millis()),
                            load);
                    bench.record(
                            "GET throughput, " + on + " ÷ no cache",
                            "ratio",
                            null,
                            m.http().requestsPerSecond() / none.http().requestsPerSecond(),
                            load);
                }
            }
        }
        return bench.finish();
    }

    /**
     * One run on one engine: an empty cache, then the same Zipf traffic until the cache holds what
     * that traffic keeps reading (unmeasured; it also warms the JIT and the pools), then the
     * measured GETs. Fixed seeds: every engine reads the same sequences.
     */
    private static Measured measure(
            ConfigurableApplicationContext app, Engine engine, List<String> ids, Settings settings, int run)
            throws Exception {
        String baseUrl = "http://127.0.0.1:" + BenchmarkApp.port(app);
        emptyCache(app, engine, ids);
        if (settings.warmup() > 0) {
            GatlingLoad.measure(
                    load("warm-up, " + engine.label, baseUrl, ids, settings, settings.warmup(), 1_000 + run));
        }
        long scansBefore = ordersTableScans(app);
        var stats = GatlingLoad.measure(
                load("GET /api/orders/{id}, " + engine.label, baseUrl, ids, settings, settings.requests(), run));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long scans = ordersTableScans(app) - scansBefore;
        return new Measured(stats, (double) scans / (stats.ok() + stats.failed()), load);
    }

    /**
     * One run's GETs as Gatling saw them, the share of them that reached PostgreSQL, and the load
     * average as the run ended (the figures are recorded after all engines ran, and each should
     * carry the load it was measured under).
     */
    record Measured(GatlingLoad.Stats http, double postgresShare, double loadAverage) {}

    /**
     * The load of one run: {@code requests} GETs, each for the order the Zipf draw names, taken by
     * the clients one after the other from the drawn sequence. A GET that waits longer than
     * Hikari's connection timeout for a connection fails: counted and reported, not hidden.
     */
    private static OrderHttpSimulation.Load load(
            String name, String baseUrl, List<String> ids, Settings settings, int requests, int seed) {
        int[] draws = zipfSequence(settings, requests, seed);
        List<String> sequence = Arrays.stream(draws).mapToObj(ids::get).toList();
        return new OrderHttpSimulation.Load(
                name,
                baseUrl,
                "GET",
                "/api/orders/",
                "",
                sequence,
                OrderHttpSimulation.IdOrder.ONCE_IN_ORDER,
                requests,
                settings.concurrency());
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
     * The share of the measured GETs a cache that never loses an entry would still send to
     * PostgreSQL: the first read of each order, expected over the Zipf draws. Order k, drawn with
     * probability p, is first read in the measured window with probability (1-p)^warmup -
     * (1-p)^(warmup+requests); the sum over the orders is the expected number of misses. The
     * measured share should come close to it; above it is what evictions, expiries and failed
     * cache calls add.
     */
    static double expectedMissShare(Settings settings) {
        var zipf = new ZipfDistribution(settings.orders(), settings.zipfExponent());
        double misses = 0;
        for (int k = 1; k <= settings.orders(); k++) {
            double stay = 1 - zipf.probability(k);
            misses += Math.pow(stay, settings.warmup()) - Math.pow(stay, settings.warmup() + settings.requests());
        }
        return misses / settings.requests();
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

    private static ConfigurableApplicationContext start(String prefix, FreshDatabase database, Engine engine) {
        var app = BenchmarkApp.of(OrderServiceApplication.class)
                .profiles("local")
                .topology(prefix)
                .database(database)
                .onFreePorts()
                .with("app.cache.engine", engine.property())
                // Nothing but the GETs borrows a connection or scans the orders table: the relay and
                // the cleanup are off. The pool size is left alone: the production one
                // (spring.datasource.hikari.maximum-pool-size in application.yml).
                .with("app.outbox.relay-enabled", false)
                .with("app.outbox.cleanup-enabled", false)
                .with("app.rate-limit.limit-for-period", 1_000_000);
        if (engine == Engine.REDIS) {
            // On a loaded machine the first connection (its handshake runs under the command timeout)
            // can take longer than production's 500 ms, and the benchmark empties the cache through it.
            app.redis().with("spring.data.redis.connect-timeout", "10s").with("spring.data.redis.timeout", "10s");
        }
        if (engine == Engine.MEMCACHED) {
            app.with("app.cache.memcached.addresses", MemcachedTestServer.get().address());
        }
        return app.start();
    }
}
