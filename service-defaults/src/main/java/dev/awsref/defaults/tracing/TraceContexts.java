package dev.awsref.defaults.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trace context where no framework carries it: stored with data that waits (an outbox row, a
 * Kinesis record's envelope) and restored by whoever picks the data up later, on another thread or
 * in another service. The context travels as the configured propagator's fields (W3C {@code
 * traceparent} and {@code tracestate}), written and read by Micrometer's {@link Propagator}, never
 * by hand; HTTP and SQS carry theirs through Spring's and Spring Cloud AWS's own observations.
 * Without tracing both ends are no-ops: nothing is stored, and each pick-up starts its own trace.
 */
public class TraceContexts {

    /** Without tracing: stores nothing, and every span it starts is a no-op. */
    public static final TraceContexts NONE = new TraceContexts(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceContexts(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's context as propagation fields; empty when no span is current. */
    public Map<String, String> current() {
        Span span = tracer.currentSpan();
        return span == null ? Map.of() : fieldsOf(span);
    }

    /** A span's context as propagation fields, to put on what it sends. */
    public Map<String, String> fieldsOf(Span span) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!span.isNoop()) {
            propagator.inject(span.context(), fields, Map::put);
        }
        return fields;
    }

    /**
     * Starts a span whose parent is the context the fields carry (a new trace when they carry none
     * or are malformed). The caller ends it; {@link #tracer()} puts it in scope.
     */
    public Span startChildOf(Map<String, String> fields, String name, Span.Kind kind) {
        return propagator.extract(fields, Map::get).name(name).kind(kind).start();
    }

    public Tracer tracer() {
        return tracer;
    }
}
