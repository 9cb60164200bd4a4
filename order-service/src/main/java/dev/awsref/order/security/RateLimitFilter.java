package dev.awsref.order.security;

import dev.awsref.defaults.tokens.ApiCallers;
import dev.awsref.defaults.tokens.AuthenticatedApiFilter;
import dev.awsref.defaults.web.ProblemResponses;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;

/**
 * Limits requests to {@code /api/**} per client: the token's subject, or the remote address
 * without a token. Over the limit: 429 with {@code Retry-After} in seconds. One Resilience4j
 * {@link RateLimiter} per client, kept out of the shared registry so clients do not become metric
 * tags; the count of refusals is {@code api.rate.limited}.
 */
public class RateLimitFilter extends AuthenticatedApiFilter {

    private static final int MAX_TRACKED_CLIENTS = 100_000;

    private final RateLimiterConfig config;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final Counter refused;

    public RateLimitFilter(int limitForPeriod, Duration period, MeterRegistry meters) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build();
        this.refused = Counter.builder("api.rate.limited")
                .description("requests refused with 429")
                .register(meters);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = ApiCallers.rateLimitKey(request);
        if (limiters.size() > MAX_TRACKED_CLIENTS) {
            limiters.clear(); // crude bound on memory; a cleared client just starts a fresh window
        }
        RateLimiter limiter = limiters.computeIfAbsent(client, c -> RateLimiter.of("client", config));
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        refused.increment();
        long waitSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanosToWait(limiter) + 999_999_999L));
        response.setHeader("Retry-After", Long.toString(waitSeconds));
        ProblemResponses.write(
                response,
                ProblemResponses.problem(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "More than " + config.getLimitForPeriod() + " requests per "
                                + config.getLimitRefreshPeriod().toSeconds() + " s; retry after " + waitSeconds
                                + " s"));
    }

    private long nanosToWait(RateLimiter limiter) {
        if (limiter instanceof AtomicRateLimiter atomic) {
            return atomic.getDetailedMetrics().getNanosToWait();
        }
        return config.getLimitRefreshPeriod().toNanos();
    }
}
