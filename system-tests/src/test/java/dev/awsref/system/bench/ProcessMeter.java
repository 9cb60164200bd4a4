package dev.awsref.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU and memory of one service process over a stage, from Linux's own accounting: CPU time is
 * utime + stime of {@code /proc/<pid>/stat} (clock ticks), memory the resident set, {@code VmRSS}
 * of {@code /proc/<pid>/status}, sampled every 250 ms for its peak.
 */
final class ProcessMeter implements AutoCloseable {

    /** USER_HZ: what /proc counts CPU time in; 100 on every Linux the project runs on ({@code getconf CLK_TCK}). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** What one process used over a stage. */
    record Usage(double cpuPercentOfOneCore, double peakRssMiB) {}

    private final long pid;
    private final long startTicks;
    private final long startNanos;
    private final AtomicLong peakRssKiB = new AtomicLong();
    private final ScheduledExecutorService sampler;

    ProcessMeter(long pid) {
        this.pid = pid;
        this.startTicks = cpuTicks(pid);
        this.startNanos = System.nanoTime();
        this.sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("rss-" + pid).factory());
        sampler.scheduleAtFixedRate(
                () -> peakRssKiB.accumulateAndGet(rssKiB(pid), Math::max), 0, 250, TimeUnit.MILLISECONDS);
    }

    /** The usage since this meter started. */
    Usage usage() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuSeconds = (cpuTicks(pid) - startTicks) / TICKS_PER_SECOND;
        peakRssKiB.accumulateAndGet(rssKiB(pid), Math::max);
        return new Usage(100.0 * cpuSeconds / seconds, peakRssKiB.get() / 1024.0);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /** utime + stime: fields 14 and 15 of /proc/<pid>/stat, counted after the parenthesised name. */
    static long cpuTicks(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long rssKiB(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " (the benchmark needs Linux's /proc)", e);
        }
    }
}
