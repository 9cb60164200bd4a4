package dev.awsref.defaults.tokens;

import dev.awsref.platform.topology.ReferenceTopology;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The model's word: this service's API is a JWT resource server. A class of its own, not nested in
 * {@link TokenSecurityConfiguration}: Spring loads a condition's class to evaluate it, and loading a
 * nested condition loaded its outer class too, in services that do not have its types.
 */
class ValidatesTokens implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String name = context.getEnvironment().getProperty("spring.application.name");
        return ReferenceTopology.definition()
                .findService(name)
                .filter(service -> service.validatesTokens())
                .isPresent();
    }
}
