package dev.awsref.order.security;

import dev.awsref.order.web.ProblemDetailsAdvice;
import dev.awsref.order.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Outside the {@code local} profile every {@code /api/**} call needs a bearer token (a JWT from
 * the issuer in {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}: the Cognito user
 * pool in AWS). The {@code local} profile lets anyone in and says so at start-up.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final String[] OPEN = {
        "/livez", "/readyz", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error"
    };

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

    @Bean
    @Profile("!local")
    SecurityFilterChain tokenRequired(HttpSecurity http, RateLimitFilter rateLimit) throws Exception {
        var entryPoint = new BearerTokenAuthenticationEntryPoint();
        var denied = new BearerTokenAccessDeniedHandler();
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers(OPEN)
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> {})
                        .authenticationEntryPoint((request, response, failure) -> {
                            entryPoint.commence(request, response, failure); // sets WWW-Authenticate
                            Problems.write(
                                    response,
                                    ProblemDetailsAdvice.problem(
                                            HttpStatus.UNAUTHORIZED,
                                            "unauthorized",
                                            "Unauthorized",
                                            "A valid bearer token is required"));
                        })
                        .accessDeniedHandler((request, response, failure) -> {
                            denied.handle(request, response, failure);
                            Problems.write(
                                    response,
                                    ProblemDetailsAdvice.problem(
                                            HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Not allowed"));
                        }))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> {
                    entryPoint.commence(request, response, failure);
                    Problems.write(
                            response,
                            ProblemDetailsAdvice.problem(
                                    HttpStatus.UNAUTHORIZED,
                                    "unauthorized",
                                    "Unauthorized",
                                    "A valid bearer token is required"));
                }))
                .addFilterAfter(rateLimit, BearerTokenAuthenticationFilter.class)
                .build();
    }

    @Bean
    @Profile("local")
    SecurityFilterChain localOpen(HttpSecurity http, RateLimitFilter rateLimit) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .addFilterAfter(rateLimit, AnonymousAuthenticationFilter.class)
                .build();
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("local")
    static class LocalWarning {

        private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

        @EventListener(ApplicationReadyEvent.class)
        void warn() {
            log.warn("""

                    ************************************************************************
                    * SECURITY IS OFF: profile 'local' lets anyone call /api/orders with   *
                    * no token and act for any customer. Never run this profile on AWS.    *
                    ************************************************************************""");
        }
    }
}
