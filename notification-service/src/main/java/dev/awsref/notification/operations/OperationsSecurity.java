package dev.awsref.notification.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. The operations endpoints (queues, deadletters) need HTTP basic credentials
 * from {@code app.operations.*}, and the role OPERATIONS; health, info and metrics stay open on the
 * management port (bound to loopback by default); the application port (health checks, the SNS
 * subscription endpoint, which checks signatures itself) needs no login.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsSecurity {

    private static final Logger log = LoggerFactory.getLogger(OperationsSecurity.class);
    static final String ROLE = "OPERATIONS";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                EndpointRequest.to(QueuesEndpoint.class, DeadLettersEndpoint.class))
                        .hasRole(ROLE)
                        .anyRequest()
                        .permitAll())
                .httpBasic(Customizer.withDefaults())
                // A JSON API for scripts with basic auth and no cookies: no CSRF token to carry.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    UserDetailsService operationsUsers(OperationsProperties properties) {
        if (!properties.enabled()) {
            log.warn("app.operations.password is not set: the operations API (/actuator/queues, "
                    + "/actuator/deadletters) refuses every request. Set APP_OPERATIONS_PASSWORD to use it.");
            return new InMemoryUserDetailsManager();
        }
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(properties.username())
                .password(encoder.encode(properties.password()))
                .roles(ROLE)
                .build());
    }
}
