package dev.awsref.defaults.web;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Bounds how many API requests ({@code /api/**}) a service works on at once, and answers the rest
 * at once with 503, a {@code Retry-After} and a problem detail of type {@code overloaded}.
 *
 * <p>The services serve requests on virtual threads, so Tomcat's thread pool no longer bounds the
 * work in flight. When requests arrive faster than the database pool serves them, each one waits
 * on its own thread, holding its parsed body and its buffers, until the pool's timeout. At 100
 * orders/s on a 2-core machine that was thousands of requests, and order-service ran out of its
 * 128 MB heap. With a bound, the excess is refused in microseconds, before the body is read, and
 * the requests inside the bound keep their latency.
 *
 * <p>A Resilience4j semaphore {@link Bulkhead} that does not wait: a queue in front of the bound
 * would bring back the unbounded wait it exists to prevent. The count of refusals is {@code
 * api.requests.shed}; {@code api.requests.in.flight} is the number of requests inside the bound.
 */
public class InFlightLimitFilter extends ApiRequestFilter {

    /** Long enough for the requests in flight to drain, short enough not to idle a retrying client. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Bulkhead bulkhead;
    private final Counter shed;

    public InFlightLimitFilter(int maxInFlight, MeterRegistry meters) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("app.api.max-in-flight must be at least 1, not " + maxInFlight);
        }
        this.bulkhead = Bulkhead.of(
                "api",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(maxInFlight)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        this.shed = Counter.builder("api.requests.shed")
                .description("API requests refused with 503 because the service had as many in flight as it takes")
                .register(meters);
        Gauge.builder(
                        "api.requests.in.flight",
                        bulkhead,
                        b -> maxInFlight - b.getMetrics().getAvailableConcurrentCalls())
                .description("API requests the service is working on")
                .register(meters);
    }

    public int maxInFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!bulkhead.tryAcquirePermission()) {
            refuse(response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            bulkhead.onComplete();
        }
    }

    private void refuse(HttpServletResponse response) throws IOException {
        shed.increment();
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        ProblemResponses.write(
                response,
                ProblemResponses.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "overloaded",
                        "Service overloaded",
                        "The service is working on as many requests as it takes (" + maxInFlight() + "); retry after "
                                + RETRY_AFTER.toSeconds() + " s"));
    }
}
