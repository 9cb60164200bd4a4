package dev.awsref.order.outbox;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.order.resilience.Guarded;
import io.micrometer.tracing.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Publishes outbox rows to SNS with PublishBatch: at most 10 entries and 256 KiB per call (the
 * limit is for the whole batch, not per message). The body is the event's JSON, so a body-scoped
 * filter policy can match {@code data.total}; the attributes carry {@code eventType},
 * {@code schemaVersion} and the trace context.
 *
 * <p><b>Tracing.</b> Each message gets its own producer span, a child of the context stored in its
 * row (the request that wrote it), and that span's context goes into the message's attributes
 * through Micrometer's propagator. A batch mixes messages of different requests, so one span per
 * batch could not be the parent of them all. A span ends when SNS has answered for its message,
 * with an error when SNS rejected it or could not be reached.
 */
class SnsOutboxPublisher {

    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = 256 * 1024;

    private final SnsClient sns;
    private final EnvironmentTopology topics;
    private final Guarded guarded;
    private final TraceContexts traces;

    SnsOutboxPublisher(SnsClient sns, EnvironmentTopology topics, Guarded guarded, TraceContexts traces) {
        this.sns = sns;
        this.topics = topics;
        this.guarded = guarded;
        this.traces = traces;
    }

    /**
     * How many PublishBatch calls may run at once: what the {@code sns} bulkhead admits (more would
     * be refused by it and count as failures).
     */
    int concurrency() {
        return Math.max(1, guarded.maxConcurrentCalls("sns"));
    }

    /** What SNS did with one batch. */
    record Result(Set<Long> accepted, Map<Long, String> rejected) {}

    /** Splits messages for one topic into PublishBatch calls, in order. */
    static List<List<OutboxMessage>> batches(List<OutboxMessage> messages) {
        List<List<OutboxMessage>> batches = new ArrayList<>();
        List<OutboxMessage> current = new ArrayList<>();
        int bytes = 0;
        for (OutboxMessage message : messages) {
            if (!current.isEmpty()
                    && (current.size() == MAX_BATCH_ENTRIES || bytes + message.size() > MAX_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(message);
            bytes += message.size();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /**
     * One PublishBatch call, guarded by the {@code sns} retry, circuit breaker and bulkhead.
     *
     * @throws RuntimeException when SNS cannot be reached or the breaker is open; nothing was accepted
     */
    Result publish(String topic, List<OutboxMessage> batch) {
        boolean fifo = topic.endsWith(".fifo");
        Map<Long, Span> spans = new HashMap<>();
        List<PublishBatchRequestEntry> entries = new ArrayList<>();
        for (OutboxMessage message : batch) {
            Span span = traces.startChildOf(message.traceContext(), "publish " + topic, Span.Kind.PRODUCER)
                    .tag("messaging.system", "aws_sns")
                    .tag("messaging.destination.name", topic)
                    .tag("messaging.message.id", message.eventId())
                    .tag("event.type", message.eventType());
            spans.put(message.id(), span);
            entries.add(entry(message, traces.fieldsOf(span), fifo));
        }
        try {
            PublishBatchResponse response = guarded.call(
                    "sns",
                    () -> sns.publishBatch(
                            request -> request.topicArn(topics.topicArn(topic)).publishBatchRequestEntries(entries)));
            Set<Long> accepted = response.successful().stream()
                    .map(ok -> Long.parseLong(ok.id()))
                    .collect(Collectors.toSet());
            Map<Long, String> rejected = new HashMap<>();
            for (BatchResultErrorEntry failed : response.failed()) {
                rejected.put(Long.parseLong(failed.id()), failed.code() + ": " + failed.message());
            }
            rejected.forEach((id, why) -> spans.get(id).error(new IllegalStateException("SNS rejected: " + why)));
            return new Result(accepted, rejected);
        } catch (RuntimeException unreachable) {
            spans.values().forEach(span -> span.error(unreachable));
            throw unreachable;
        } finally {
            spans.values().forEach(Span::end);
        }
    }

    private static PublishBatchRequestEntry entry(
            OutboxMessage message, Map<String, String> publishContext, boolean fifo) {
        var entry = PublishBatchRequestEntry.builder()
                .id(Long.toString(message.id()))
                .message(message.payload())
                .messageAttributes(message.attributes(publishContext).toSns());
        if (fifo) {
            // One group per order keeps its events in order; the event id makes a re-send a no-op
            // within SNS's five-minute deduplication window.
            entry.messageGroupId(message.aggregateId()).messageDeduplicationId(message.eventId());
        }
        return entry.build();
    }
}
