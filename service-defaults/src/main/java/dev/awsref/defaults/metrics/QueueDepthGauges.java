package dev.awsref.defaults.metrics;

import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

/**
 * {@code sqs.queue.messages.visible}: ApproximateNumberOfMessagesVisible of each queue this service
 * consumes ({@code role=queue}) and of its dead-letter queue ({@code role=dlq}), read with
 * GetQueueAttributes every {@code app.metrics.queue-depth.interval} (30 s). SQS's own CloudWatch
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
                .tag("queue", logical)
                .tag("role", role)
                .register(meters);
    }

    /** Reads every queue's depth once; what the schedule calls, and tests directly. */
    public void refresh() {
        depths.forEach((queue, depth) -> sqs.getQueueUrl(b -> b.queueName(queue))
                .thenCompose(url -> sqs.getQueueAttributes(b ->
                        b.queueUrl(url.queueUrl()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)))
                .whenComplete((response, error) -> {
                    if (error != null) {
                        if (failing.add(queue)) {
                            log.warn("could not read the depth of {}: {}", queue, error.toString());
                        }
                        return;
                    }
                    failing.remove(queue);
                    depth.set(Long.parseLong(response.attributes()
                            .getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")));
                }));
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
