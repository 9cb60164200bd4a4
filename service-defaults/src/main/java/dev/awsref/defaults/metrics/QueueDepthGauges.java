package dev.awsref.defaults.metrics;

import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@code sqs.queue.messages.visible}: ApproximateNumberOfMessagesVisible of each queue this service
 * consumes ({@code role=queue}) and of its dead-letter queue ({@code role=dlq}), read with
 * GetQueueAttributes every {@code app.metrics.queue-depth.interval} (30 s), each queue's URL resolved
 * once. SQS's own CloudWatch
 * metric is the same figure on AWS; this gauge puts it next to the services' meters locally and in
 * Grafana. A queue that cannot be read keeps its last value and the failure is logged once per
 * streak. The figure is approximate (AWS says so) and some emulators update it lazily.
 */
public class QueueDepthGauges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueDepthGauges.class);

    private final SqsAsyncClient sqs;
    private final Duration interval;
    /** Physical queue name to its gauge's value. */
    private final Map<String, AtomicLong> depths = new LinkedHashMap<>();
    /** Physical queue name to its URL, once resolved. */
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    /** Queues whose last read failed: a failure is logged when a streak starts, not on every read. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    private volatile ScheduledExecutorService scheduler;

    public QueueDepthGauges(EnvironmentTopology topology, SqsAsyncClient sqs, MeterRegistry meters, Duration interval) {
        this.sqs = sqs;
        this.interval = interval;
        for (ConsumedQueue queue : topology.consumedQueues()) {
            register(meters, queue.physicalName(), queue.logicalName(), "queue");
            register(meters, queue.deadLetterQueue(), queue.logicalName(), "dlq");
        }
    }

    private void register(MeterRegistry meters, String physical, String logical, String role) {
        AtomicLong depth = depths.computeIfAbsent(physical, q -> new AtomicLong());
        Gauge.builder(SystemMetric.SQS_QUEUE_VISIBLE.meterName(), depth, AtomicLong::get)
                .description(SystemMetric.SQS_QUEUE_VISIBLE.description())
                .tags(SystemMetric.SQS_QUEUE_VISIBLE.tags(logical, role))
                .register(meters);
    }

    /**
     * Reads every queue's depth once; what the schedule calls, and tests directly. The returned
     * future completes when every read has ended, whether it succeeded or not.
     */
    public CompletableFuture<Void> refresh() {
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        depths.forEach((queue, depth) -> reads.add(read(queue, depth)));
        return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> read(String queue, AtomicLong depth) {
        return url(queue)
                .thenCompose(url -> sqs.getQueueAttributes(
                        b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)))
                .handle((response, error) -> {
                    if (error != null) {
                        failed(queue, error);
                        return null;
                    }
                    failing.remove(queue);
                    depth.set(Long.parseLong(response.attributes()
                            .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
                    return null;
                });
    }

    /**
     * A queue's URL does not change while the queue exists, so it is resolved once: GetQueueUrl on
     * every refresh would double the calls for nothing. It is forgotten only when SQS says the
     * queue does not exist, so a queue deleted and created again is found on the next refresh.
     */
    private CompletableFuture<String> url(String queue) {
        String known = urls.get(queue);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return sqs.getQueueUrl(b -> b.queueName(queue)).thenApply(response -> {
            urls.put(queue, response.queueUrl());
            return response.queueUrl();
        });
    }

    private void failed(String queue, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof QueueDoesNotExistException) {
            urls.remove(queue);
        }
        if (failing.add(queue)) {
            log.warn("could not read the depth of {}: {}", queue, cause.toString());
        }
    }

    /** The last depth read of a queue, by physical name; -1 if this service does not watch it. */
    public long depth(String physicalQueueName) {
        AtomicLong depth = depths.get(physicalQueueName);
        return depth == null ? -1 : depth.get();
    }

    @Override
    public synchronized void start() {
        if (scheduler == null && !depths.isEmpty()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("queue-depth").daemon().factory());
            scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
