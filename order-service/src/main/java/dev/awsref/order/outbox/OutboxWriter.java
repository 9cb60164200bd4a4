package dev.awsref.order.outbox;

import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.MessageAttributeNames;
import dev.awsref.platform.topology.ReferenceTopology;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes an event into the outbox inside the caller's transaction: the order row and its event
 * commit together or not at all. One row per topic the event goes to, with the trace context of
 * the request that caused it (the server span Spring MVC's observation opened), so the relay's
 * publish span, minutes later on another thread or another instance, joins the same trace.
 */
@Component
public class OutboxWriter {

    /** Every order event goes to the standard topic (fan-out, filters) and the FIFO topic (order per order). */
    static final List<String> TOPICS = List.of(ReferenceTopology.ORDER_EVENTS, ReferenceTopology.ORDER_LIFECYCLE);

    /**
     * SNS: 256 KiB per message, body and attributes together, while the topic's {@code MaximumMessageSize}
     * keeps its default (https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html). SQS alone
     * would take 1 MiB; the publish to SNS is the narrower limit.
     */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final TraceContexts traces;
    private final OutboxSignal signal;

    public OutboxWriter(JdbcClient jdbc, EventCodec codec, TraceContexts traces, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.traces = traces;
        this.signal = signal;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void append(EventEnvelope<?> event) {
        String payload = codec.toJson(event);
        Map<String, String> trace = traces.current();
        String traceparent = trace.get(MessageAttributeNames.TRACEPARENT);
        String tracestate = trace.get(MessageAttributeNames.TRACESTATE);
        var probe = new OutboxMessage(
                0, event.id(), "", event.subject(), event.type(), event.schemaVersion(), payload, trace);
        if (probe.size() > MAX_MESSAGE_BYTES) {
            throw new EventTooLargeException(event.type(), probe.size());
        }
        // One statement for both topics' rows: one round trip.
        UUID eventId = UUID.fromString(event.id());
        jdbc.sql("INSERT INTO outbox (event_id, topic, aggregate_id, event_type, schema_version, payload,"
                        + " traceparent, tracestate) VALUES (?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        eventId,
                        TOPICS.get(0),
                        event.subject(),
                        event.type(),
                        event.schemaVersion(),
                        payload,
                        traceparent,
                        tracestate,
                        eventId,
                        TOPICS.get(1),
                        event.subject(),
                        event.type(),
                        event.schemaVersion(),
                        payload,
                        traceparent,
                        tracestate)
                .update();
        // Once the rows are visible to the relay's transaction, not before: waking it earlier would
        // find nothing and leave the rows to the next poll.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.raise();
            }
        });
    }
}
