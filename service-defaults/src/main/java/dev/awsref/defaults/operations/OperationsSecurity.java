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
 * Who may call the actuator endpoints of a service with an operations API: health, info and
 * prometheus stay open (probes and scrapers, on a port bound to loopback by default); every other
 * endpoint (metrics, the service's own operations such as redrive or reshard) needs HTTP basic
 * credentials from {@code app.operations.*} and the role OPERATIONS. The service's own security
 * chain, if any, handles everything else.
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
