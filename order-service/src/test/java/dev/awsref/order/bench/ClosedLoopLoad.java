package dev.awsref.order.bench;

import dev.awsref.order.support.Api;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The cache benchmark's driver: {@code concurrency} clients, each sending its next request as soon
 * as the last one answered (a closed loop), until {@code requests} are sent. The cache benchmark
 * keeps this rather than Gatling because each request's id comes from a Zipf draw made by the
 * caller, and what it reports besides latency is what PostgreSQL saw, not what the client saw.
 */
final class ClosedLoopLoad {

    private ClosedLoopLoad() {}

    record Figures(String name, int requests, double seconds, long[] sortedMicros, int failures) {
        double throughput() {
            return requests / seconds;
        }

        long percentile(double p) {
            int index = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
            return sortedMicros[Math.max(0, Math.min(index, sortedMicros.length - 1))];
        }
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
}
