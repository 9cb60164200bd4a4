package dev.awsref.order.bench;

import dev.awsref.order.OrderServiceApplication;
import dev.awsref.order.support.Api;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.bench.BenchmarkApp;
import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A benchmark, not a test: {@code ./dev bench order-http} runs it (its name matches neither the
 * surefire nor the failsafe includes, so a build never does); {@code OrderServiceBenchmarkSmokeIT}
 * runs it tiny in every build. Gatling ({@link OrderHttpSimulation}) sends the requests and times
 * them, in this JVM, against the application this class starts. It measures POST /api/orders (order + outbox row) against the same
 * insert without the outbox, and cached GET /api/orders/{id} against the same read from PostgreSQL,
 * run after run, on the real application in-process on the local PostgreSQL, Redis and emulators
 * (relay on, as in production; {@code -Dbench.relay=false} measures the write path alone).
 */
public final class OrderServiceBenchmark {

    static final String ID = "order-http";
    static final String POST_RATIO = "POST throughput, with outbox ÷ without";
    static final String GET_RATIO = "GET time per request, cached ÷ uncached (one client)";

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
                        + "), " + settings.concurrency() + " Gatling clients for throughput and one for latency.",
                "both baselines are test-only endpoints (BenchEndpoints) in the same process, behind the same HTTP"
                        + " stack, validation and connection pool, differing only in the outbox row or the cache,"
                        + " so the ratio is that part's cost or gain alone; Gatling drives both sides of each ratio"
                        + " with the same load, one run after the other.");
        int requests = settings.requests();
        int concurrency = settings.concurrency();
        try (ConfigurableApplicationContext app = start(settings.relay())) {
            int port = BenchmarkApp.port(app);
            var api = new Api(port);
            String baseUrl = "http://127.0.0.1:" + port;
            String customer = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            String body = Api.order(customer, "EUR", "sku-1", "2", "12.50", "sku-2", "1", "3.99");
            // Orders to read back, placed before any timing.
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(api.post("/api/orders", body).json().get("id").asString());
            }
            Loads loads = new Loads(baseUrl, body, ids);

            // Warm-up: JIT, connection pools, caches.
            GatlingLoad.run(loads.postWithoutOutbox(requests / 2, concurrency));
            GatlingLoad.run(loads.postWithOutbox(requests / 2, concurrency));
            GatlingLoad.run(loads.getUncached(requests / 2, concurrency));
            GatlingLoad.run(loads.getCached(requests / 2, concurrency));

            for (int r = 0; r < settings.runs(); r++) {
                // Throughput with many clients; latency with one client, so it measures the service's
                // own time rather than the queue in front of two shared cores.
                var plain = GatlingLoad.run(loads.postWithoutOutbox(requests, concurrency));
                var outbox = GatlingLoad.run(loads.postWithOutbox(requests, concurrency));
                var uncached = GatlingLoad.run(loads.getUncached(requests, concurrency));
                var cached = GatlingLoad.run(loads.getCached(requests, concurrency));
                var uncachedSerial = GatlingLoad.run(loads.getUncached(requests / 2, 1));
                var cachedSerial = GatlingLoad.run(loads.getCached(requests / 2, 1));

                bench.record("POST without outbox", "req/s", plain.requestsPerSecond());
                bench.record("POST /api/orders with outbox", "req/s", outbox.requestsPerSecond());
                bench.record(POST_RATIO, "ratio", ">= 0.7", outbox.requestsPerSecond() / plain.requestsPerSecond());
                bench.record("GET uncached, p50 (one client)", "ms", uncachedSerial.p50Millis());
                bench.record("GET cached, p50 (one client)", "ms", cachedSerial.p50Millis());
                // Gatling times in whole milliseconds, too coarse for a ratio of ~1 ms medians; with one
                // client, time per request is the inverse of throughput, which is exact.
                bench.record(
                        GET_RATIO,
                        "ratio",
                        "<= 0.5",
                        uncachedSerial.requestsPerSecond() / cachedSerial.requestsPerSecond());
                bench.record(
                        "GET throughput, cached ÷ uncached",
                        "ratio",
                        cached.requestsPerSecond() / uncached.requestsPerSecond());
            }
        }
        return bench.finish();
    }

    /** The four loads, each named as its row in Gatling's report. */
    private record Loads(String baseUrl, String body, List<String> ids) {
        OrderHttpSimulation.Load postWithoutOutbox(int requests, int users) {
            return post("POST insert without outbox", "/bench/orders-without-outbox", requests, users);
        }

        OrderHttpSimulation.Load postWithOutbox(int requests, int users) {
            return post("POST /api/orders (with outbox)", "/api/orders", requests, users);
        }

        OrderHttpSimulation.Load getUncached(int requests, int users) {
            return get("GET from PostgreSQL (no cache)", "/bench/orders-uncached/", requests, users);
        }

        OrderHttpSimulation.Load getCached(int requests, int users) {
            return get("GET /api/orders/{id} (Redis hit)", "/api/orders/", requests, users);
        }

        private OrderHttpSimulation.Load post(String name, String path, int requests, int users) {
            return new OrderHttpSimulation.Load(
                    name,
                    baseUrl,
                    "POST",
                    path,
                    body,
                    List.of(),
                    OrderHttpSimulation.IdOrder.CIRCULAR,
                    requests,
                    users);
        }

        private OrderHttpSimulation.Load get(String name, String path, int requests, int users) {
            return new OrderHttpSimulation.Load(
                    name, baseUrl, "GET", path, "", ids, OrderHttpSimulation.IdOrder.CIRCULAR, requests, users);
        }
    }

    private static ConfigurableApplicationContext start(boolean relay) {
        return BenchmarkApp.of(OrderServiceApplication.class, BenchEndpoints.class)
                .profiles("local")
                .topology(OrderBenchmarks.provisionTopology())
                .database(FreshDatabase.create("orders"))
                .redis()
                .onFreePorts()
                // Relay off measures the write path alone; by default it publishes meanwhile, as in production.
                .with("app.outbox.relay-enabled", relay)
                .with("app.rate-limit.limit-for-period", 1_000_000)
                .start();
    }
}
