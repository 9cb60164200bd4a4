package dev.awsref.defaults.operations;

import dev.awsref.platform.topology.ReferenceTopology;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator's security ({@link OperationsSecurity}), for every service of the model: with an
 * operations API of its own or not, its management endpoints other than health and prometheus
 * need the operations credentials.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@Conditional(OperationsConfiguration.IsAServiceOfTheModel.class)
@EnableConfigurationProperties(OperationsProperties.class)
public class OperationsConfiguration {

    /** Before the service's own chain, which then sees only non-actuator requests. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain operationsEndpoints(HttpSecurity http) throws Exception {
        return OperationsSecurity.chain(http);
    }

    @Bean
    UserDetailsService operationsUsers(
            OperationsProperties properties, org.springframework.core.env.Environment environment) {
        return OperationsSecurity.users(properties, environment.getProperty("spring.application.name"));
    }

    static class IsAServiceOfTheModel implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String name = context.getEnvironment().getProperty("spring.application.name");
            return ReferenceTopology.definition().findService(name).isPresent();
        }
    }
}
