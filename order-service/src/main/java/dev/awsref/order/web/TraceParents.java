package dev.awsref.order.web;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The W3C {@code traceparent} of the request being served, written into the outbox row so the
 * trace continues through SNS and SQS to the consumers. With tracing on (the OpenTelemetry
 * starter), Spring MVC opens a server span per request, continuing the caller's
 * {@code traceparent} header or starting a new trace; the event carries that span as its parent.
 */
@Component
public class TraceParents {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private final ObjectProvider<Tracer> tracer;

    public TraceParents(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** The current span's traceparent; without tracing, the request's header if it is well-formed. */
    public String current(String requestHeader) {
        Tracer current = tracer.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        if (span != null && !span.isNoop()) {
            TraceContext context = span.context();
            return "00-" + context.traceId() + "-" + context.spanId() + "-"
                    + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
        }
        return requestHeader != null && TRACEPARENT.matcher(requestHeader).matches() ? requestHeader : null;
    }
}
