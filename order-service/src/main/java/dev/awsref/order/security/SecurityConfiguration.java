package dev.awsref.order.security;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the order API adds to the token security every token-validating service shares
 * (service-defaults' {@code TokenSecurityConfiguration}: bearer access tokens of the API's app
 * client outside the {@code local} profile, problem details for 401 and 403): a rate limit per
 * caller, after authentication. Ownership and the ship scope are the domain's rules ({@link
 * Callers}, {@code OrderService}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    RateLimitFilter rateLimitFilter(
            @Value("${app.rate-limit.limit-for-period:50}") int limit,
            @Value("${app.rate-limit.period:1s}") Duration period,
            MeterRegistry meters) {
        return new RateLimitFilter(limit, period, meters);
    }

    /** The filter runs inside the security chain (after authentication), not a second time as a servlet filter. */
    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilterNotInServletChain(RateLimitFilter filter) {
        var registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
