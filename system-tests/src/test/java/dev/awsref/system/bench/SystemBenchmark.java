package dev.awsref.system.bench;

import dev.awsref.system.support.AnalyticsApi;
import dev.awsref.system.support.Mailbox;
import dev.awsref.system.support.RunningSystem;
import dev.awsref.system.support.ServiceProcess;
import dev.awsref.system.support.ZipkinReceiver.Span;
import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test: {@code ./dev bench system} runs it (its name matches neither the
 * surefire nor the failsafe includes, so a build never does); {@code SystemBenchmarkSmokeIT} runs
 * it tiny in every build. It measures the whole system as the run command starts it ({@link
 * RunningSystem}: the three services' jars with {@code ./dev up}'s flags, the emulators, the SMTP
 * sink, a Zipkin receiver), from outside, with Gatling's open model:
 *
 * <ul>
 *   <li>per offered rate of POST /api/orders: orders accepted per second; the time from the POST
 *       being sent to the SMTP sink receiving its confirmation email (matched by order id), p50,
 *       p95 and p99; CPU and peak RSS of each service process while the load ran;
 *   <li>at 50 orders/s, where that time goes, from each order's trace: POST to the relay's publish,
 *       publish to the listener's receive, receive to the SMTP send, and the send itself;
 *   <li>activity: events accepted per second under a constant rate of POST /api/activity, and the
 *       time from a POST to its event counted in the user's aggregate, sampled meanwhile.
 * </ul>
 */
public final class SystemBenchmark {

    static final String ID = "system";
    static final String INGEST = "analytics/ingest";
    private static final Pattern CONFIRMED = Pattern.compile("Your order (\\S+) is confirmed");
    /** The rate the issue measured and set the goal at. */
    static final int GOAL_RATE = 50;

    /** Sizes of one invocation: the full run's by default, {@code bench.*} properties override. */
    record Settings(List<Integer> rates, int seconds, int activityRate, int activityBatch, Duration drain) {
        static Settings fromProperties() {
            return new Settings(
                    Arrays.stream(System.getProperty("bench.rates", "10,25,50,100")
                                    .split(","))
                            .map(String::trim)
                            .map(Integer::valueOf)
                            .toList(),
                    BenchmarkRun.size("seconds", 20),
                    BenchmarkRun.size("activity-rate", 50),
                    BenchmarkRun.size("activity-batch", 10),
                    Duration.ofSeconds(BenchmarkRun.size("drain-seconds", 180)));
        }
    }

    @Test
    void measure() throws Exception {
        run(Settings.fromProperties());
    }

    static String emailFigure(int rate, int percentile) {
        return rate + " orders/s: POST -> confirmation email p" + percentile;
    }

    static String acceptedFigure(int rate) {
        return rate + " orders/s: orders accepted";
    }

    static final String EVENTS_FIGURE = "activity: events accepted";
    static final String AGGREGATE_FIGURE = "activity: POST -> aggregate p99";

    static BenchmarkResult run(Settings settings) throws Exception {
        var bench = new BenchmarkRun(
                ID,
                "The system from outside: orders to confirmation emails, activity to aggregates",
                "the three services as `./dev up --zipkin` starts them (extracted jars with their JDK AOT"
                        + " caches, JVM flags, `local` profile; Zipkin export on, so no Spring AOT) with the"
                        + " emulators and the SMTP sink on the same machine, under Gatling's open model: "
                        + settings.seconds() + " s at each of " + settings.rates() + " POST /api/orders a second,"
                        + " then " + settings.activityRate() + " POST /api/activity a second of "
                        + settings.activityBatch() + " events. POST -> email runs from the request being sent"
                        + " to the SMTP sink's file of the confirmation (matched by order id); the breakdown at "
                        + GOAL_RATE + "/s comes from each order's trace; CPU is the process's utime + stime over"
                        + " the load (100 % = one core), RSS its peak VmRSS.",
                "the issue's goal: POST -> email p99 under 1 s at " + GOAL_RATE + " orders/s with everything"
                        + " on one 2-core machine; the load tool, the emulators and the three services share"
                        + " those cores, so the figures are the system's, not one service's.");
        RunningSystem system = RunningSystem.get();
        String baseUrl = system.orderService().baseUri().toString();
        // Warm-up: JIT, pools, the listener's and the relay's first calls; not recorded.
        int warmRate = settings.rates().getFirst();
        SystemLoadSimulation.SENT.clear();
        try (var confirmations = new Confirmations(system.mailbox())) {
            GatlingStage.run(
                    new SystemLoadSimulation.Load("orders", baseUrl, warmRate, Math.min(settings.seconds(), 5), "", 0));
            confirmations.await(SystemLoadSimulation.SENT.keySet(), settings.drain());
        }

        for (int rate : settings.rates()) {
            orders(system, rate, settings, bench);
        }
        activity(system, settings, bench);
        return bench.finish();
    }

    private static void orders(RunningSystem system, int rate, Settings settings, BenchmarkRun bench) throws Exception {
        SystemLoadSimulation.SENT.clear();
        Map<String, SystemLoadSimulation.Sent> sent;
        Map<String, Instant> received;
        GatlingStage.Stats stats;
        Map<String, ProcessMeter.Usage> usage;
        try (var confirmations = new Confirmations(system.mailbox())) {
            var meters = meters(system);
            stats = GatlingStage.run(new SystemLoadSimulation.Load(
                    "orders", system.orderService().baseUri().toString(), rate, settings.seconds(), "", 0));
            usage = usage(meters);
            sent = Map.copyOf(SystemLoadSimulation.SENT);
            received = confirmations.await(sent.keySet(), settings.drain());
        }

        List<Long> latencies = new ArrayList<>();
        sent.forEach((id, s) -> {
            Instant at = received.get(id);
            if (at != null) {
                latencies.add(at.toEpochMilli() - s.at());
            }
        });
        if (latencies.isEmpty()) {
            throw new IllegalStateException(rate + " orders/s: none of " + sent.size()
                    + " accepted orders was confirmed by email within " + settings.drain());
        }
        String stage = rate + " orders/s: ";
        bench.record(acceptedFigure(rate), "orders/s", stats.okPerSecond());
        bench.record(stage + "POST failed", "requests", stats.failed());
        bench.record(stage + "POST p99 (Gatling)", "ms", stats.p99Millis());
        bench.record(emailFigure(rate, 50), "ms", percentile(latencies, 50));
        bench.record(emailFigure(rate, 95), "ms", percentile(latencies, 95));
        bench.record(emailFigure(rate, 99), "ms", rate == GOAL_RATE ? "< 1000" : null, percentile(latencies, 99));
        bench.record(stage + "confirmations missing after the drain", "emails", sent.size() - latencies.size());
        usage.forEach((service, use) -> {
            bench.record(stage + service + " CPU", "% of a core", use.cpuPercentOfOneCore());
            bench.record(stage + service + " peak RSS", "MiB", use.peakRssMiB());
        });
        breakdown(system, sent, rate, rate == GOAL_RATE ? bench : null);
    }

    /**
     * Where POST -> email goes, from each order's spans: the POST's server span, the relay's publish
     * span the listener's consumer span continues, that consumer span, and the SMTP send inside it.
     * Printed at every rate; recorded at the goal's rate.
     */
    private static void breakdown(
            RunningSystem system, Map<String, SystemLoadSimulation.Sent> sent, int rate, BenchmarkRun bench)
            throws InterruptedException {
        Thread.sleep(2_000); // the services export spans every 500 ms
        Map<String, List<Span>> byTrace = system.traces().all().stream().collect(Collectors.groupingBy(Span::traceId));
        Map<String, List<Long>> hops = new LinkedHashMap<>();
        for (String hop :
                List.of("POST -> relay publish", "publish -> listener receive", "receive -> SMTP send", "SMTP send")) {
            hops.put(hop, new ArrayList<>());
        }
        for (var order : sent.values()) {
            List<Span> trace = byTrace.getOrDefault(order.traceId(), List.of());
            Optional<Span> post = trace.stream()
                    .filter(s -> s.service().equals("order-service") && "SERVER".equals(s.kind()))
                    .findFirst();
            Optional<Span> smtp =
                    trace.stream().filter(s -> s.name().equals("smtp send")).findFirst();
            Optional<Span> consumer = smtp.flatMap(s -> byId(trace, s.parentId()));
            Optional<Span> publish = consumer.flatMap(c -> byId(trace, c.parentId()));
            if (post.isEmpty() || smtp.isEmpty() || consumer.isEmpty() || publish.isEmpty()) {
                continue;
            }
            hops.get("POST -> relay publish")
                    .add((publish.get().timestamp() - post.get().timestamp()) / 1000);
            hops.get("publish -> listener receive")
                    .add((consumer.get().timestamp() - publish.get().timestamp()) / 1000);
            hops.get("receive -> SMTP send")
                    .add((smtp.get().timestamp() - consumer.get().timestamp()) / 1000);
            hops.get("SMTP send").add(smtp.get().duration() / 1000);
        }
        System.out.printf(
                Locale.ROOT,
                "  [%s] %d orders/s, where POST -> email goes (%d of %d orders traced end to end):%n",
                ID,
                rate,
                hops.get("SMTP send").size(),
                sent.size());
        hops.forEach((hop, millis) -> System.out.printf(
                Locale.ROOT,
                "      %-28s p50 %6d ms   p99 %6d ms%n",
                hop,
                percentile(millis, 50),
                percentile(millis, 99)));
        if (bench != null && !hops.get("SMTP send").isEmpty()) {
            hops.forEach((hop, millis) -> {
                bench.record(rate + " orders/s, traced: " + hop + " p50", "ms", percentile(millis, 50));
                bench.record(rate + " orders/s, traced: " + hop + " p99", "ms", percentile(millis, 99));
            });
        }
    }

    private static Optional<Span> byId(List<Span> trace, String id) {
        return id == null
                ? Optional.empty()
                : trace.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Activity: Gatling posts batches at a constant rate while one probe at a time posts a single
     * event for a user of its own and reads that user's aggregate until the event is counted.
     */
    private static void activity(RunningSystem system, Settings settings, BenchmarkRun bench) throws Exception {
        // The first record waits for KCL to take its leases: one probe before the clock runs.
        probe(system, settings.drain());
        var meters = meters(system);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        var stop = new AtomicBoolean();
        // A probe every 250 ms, each waiting on its own: a slow one does not thin out the sample.
        var probes = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        Thread prober = Thread.ofPlatform().name("aggregate-probes").start(() -> {
            while (!stop.get()) {
                probes.submit(() -> probe(system, Duration.ofSeconds(60)).ifPresent(latencies::add));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        GatlingStage.Stats stats;
        try {
            stats = GatlingStage.run(new SystemLoadSimulation.Load(
                    "activity",
                    system.analyticsService().baseUri().toString(),
                    settings.activityRate(),
                    settings.seconds(),
                    system.token("bench-load", INGEST),
                    settings.activityBatch()));
        } finally {
            stop.set(true);
            prober.join();
            probes.close(); // waits for the probes still reading their aggregate
        }
        var usage = usage(meters);
        if (latencies.isEmpty()) {
            throw new IllegalStateException("no aggregate probe saw its event counted during the activity load");
        }
        bench.record(EVENTS_FIGURE, "events/s", stats.okPerSecond() * settings.activityBatch());
        bench.record("activity: POST failed", "requests", stats.failed());
        bench.record("activity: POST p99 (Gatling)", "ms", stats.p99Millis());
        bench.record("activity: POST -> aggregate p50", "ms", percentile(latencies, 50));
        bench.record(AGGREGATE_FIGURE, "ms", percentile(latencies, 99));
        bench.record("activity: aggregate probes", "probes", latencies.size());
        usage.forEach((service, use) -> {
            bench.record("activity: " + service + " CPU", "% of a core", use.cpuPercentOfOneCore());
            bench.record("activity: " + service + " peak RSS", "MiB", use.peakRssMiB());
        });
    }

    /** One event for a fresh user, and the milliseconds until its aggregate counts it (empty if never). */
    private static Optional<Long> probe(RunningSystem system, Duration atMost) {
        String user = "probe-" + UUID.randomUUID().toString().substring(0, 12);
        AnalyticsApi api = system.analyticsAs(user, INGEST);
        long start = System.nanoTime();
        var accepted = api.record("""
                [{"userId":"%s","type":"PAGE_VIEW","itemId":"bench-item"}]""".formatted(user));
        if (accepted.status() != 202) {
            throw new IllegalStateException(
                    "POST /api/activity answered " + accepted.status() + ": " + accepted.body());
        }
        long deadline = start + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            var figures = api.activityOf(user);
            if (figures.status() == 200
                    && "1".equals(figures.json().path("counters").path("total").asString(""))) {
                return Optional.of((System.nanoTime() - start) / 1_000_000);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the SMTP sink every second from its start and keeps each order's confirmation with the
     * time the sink received it. It reads while the load runs, not only after: the sink keeps its
     * last 1,000 emails (tools/emulators.sh), fewer than a stage at 100/s sends.
     */
    static final class Confirmations implements AutoCloseable {
        private final Map<String, Instant> received = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Mailbox mailbox;
        private final Thread reader;

        Confirmations(Mailbox mailbox) {
            this.mailbox = mailbox;
            this.reader = Thread.ofPlatform().daemon().name("confirmations").start(this::readUntilStopped);
        }

        private void readUntilStopped() {
            while (!stop.get()) {
                readOnce();
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void readOnce() {
            for (Mailbox.Received email : mailbox.received()) {
                Matcher m = CONFIRMED.matcher(email.subject());
                if (m.matches()) {
                    received.merge(m.group(1), email.at(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }

        /** Waits until each of {@code ids} is confirmed, or {@code atMost} passed: id -> received. */
        Map<String, Instant> await(java.util.Collection<String> ids, Duration atMost) throws InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!received.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Map<String, Instant> found = new HashMap<>(received);
            found.keySet().retainAll(ids);
            return found;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            reader.interrupt();
            reader.join();
        }
    }

    private static Map<String, ProcessMeter> meters(RunningSystem system) {
        Map<String, ProcessMeter> meters = new LinkedHashMap<>();
        for (ServiceProcess service :
                List.of(system.orderService(), system.notificationService(), system.analyticsService())) {
            meters.put(service.name(), new ProcessMeter(service.pid()));
        }
        return meters;
    }

    private static Map<String, ProcessMeter.Usage> usage(Map<String, ProcessMeter> meters) {
        Map<String, ProcessMeter.Usage> usage = new LinkedHashMap<>();
        meters.forEach((name, meter) -> {
            usage.put(name, meter.usage());
            meter.close();
        });
        return usage;
    }

    /** The nearest-rank percentile, 0 when there is nothing to rank. */
    static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
