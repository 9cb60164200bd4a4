package dev.awsref.defaults.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call the actuator endpoints of every service, on its management port: health stays open
 * (the probes of the load balancer, compose and the orchestrator), and so do info (the build, no
 * more) and prometheus (the scrapers of {@code ./dev up --metrics} and compose's observability
 * profile, docs/observability.md); every other endpoint needs HTTP basic credentials from {@code
 * app.operations.*} and the role OPERATIONS: metrics, Resilience4j's (whose circuitbreakers
 * endpoint can also force a breaker's state), and a service's own operations such as redrive or
 * reshard. The service's own security chain, if any, handles everything else.
 *
 * <p>Decided on review: order-service's /actuator/metrics and circuitbreakers answered anyone, in
 * every profile, because this chain was set up only for services with an operations API and
 * order-service's token chain leaves {@code /actuator/**} open for the probes. That was not
 * intended. The management port is bound to loopback by default, but loopback still admits every
 * process and user of the host, and compose binds the port to 0.0.0.0 inside its network. So the
 * chain now covers every service of the model, and the CDK app provisions a password for every
 * service on AWS (ServiceSecrets); without one its protected endpoints refuse every request. The
 * local profiles set a local-only password. Prometheus stays open although it carries the numbers
 * /actuator/metrics does: the scrape configs read it without credentials, and closing it means
 * giving them the password.
 */
public final class OperationsSecurity {

    private static final Logger log = LoggerFactory.getLogger(OperationsSecurity.class);
    public static final String ROLE = "OPERATIONS";

    private OperationsSecurity() {}

    static SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(
                        requests -> requests.requestMatchers(EndpointRequest.to("health", "info", "prometheus"))
                                .permitAll()
                                .anyRequest()
                                .hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                // A JSON API for scripts with basic auth and no cookies: no CSRF token to carry.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    static UserDetailsService users(OperationsProperties properties, String service) {
        if (!properties.enabled()) {
            log.warn(
                    "app.operations.password is not set: {}'s operations endpoints refuse every request."
                            + " Set APP_OPERATIONS_PASSWORD to use them.",
                    service);
            return new InMemoryUserDetailsManager();
        }
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(properties.username())
                .password(encoder.encode(properties.password()))
                .roles(ROLE)
                .build());
    }
}
