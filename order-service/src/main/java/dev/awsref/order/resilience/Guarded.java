package dev.awsref.order.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs a remote call behind Resilience4j: retry (exponential backoff with jitter) around a
 * circuit breaker around a bulkhead, all three named after the dependency ({@code sns},
 * {@code redis}) and configured under {@code resilience4j.*.instances.<name>} in application.yml.
 * Their state is in actuator ({@code /actuator/circuitbreakers}, {@code retries}, {@code bulkheads})
 * and in the {@code resilience4j.*} metrics.
 *
 * <p>Order matters: a retry that runs outside the breaker counts every attempt in the breaker, and
 * once the breaker opens the retry stops at once (CallNotPermittedException is not retried).
 */
@Component
public class Guarded {

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final BulkheadRegistry bulkheads;

    public Guarded(CircuitBreakerRegistry breakers, RetryRegistry retries, BulkheadRegistry bulkheads) {
        this.breakers = breakers;
        this.retries = retries;
        this.bulkheads = bulkheads;
    }

    public <T> T call(String dependency, Supplier<T> call) {
        Bulkhead bulkhead = bulkheads.bulkhead(dependency);
        CircuitBreaker breaker = breakers.circuitBreaker(dependency);
        Retry retry = retries.retry(dependency);
        return Retry.decorateSupplier(
                        retry, CircuitBreaker.decorateSupplier(breaker, Bulkhead.decorateSupplier(bulkhead, call)))
                .get();
    }

    public void run(String dependency, Runnable call) {
        call(dependency, () -> {
            call.run();
            return null;
        });
    }

    /** How many calls to {@code dependency} its bulkhead lets run at once; a caller in parallel stays within it. */
    public int maxConcurrentCalls(String dependency) {
        return bulkheads.bulkhead(dependency).getBulkheadConfig().getMaxConcurrentCalls();
    }

    public CircuitBreaker.State state(String dependency) {
        return breakers.circuitBreaker(dependency).getState();
    }
}
