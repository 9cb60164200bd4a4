package dev.awsref.defaults.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.util.ClassUtils;

/**
 * Which services get the API's token security. Both guards decide before the configuration's own
 * class is needed: the model says whether the service validates tokens, and a service without
 * Spring Security's resource server (notification-service) must not load a class whose signatures
 * name its types (see docs/startup-and-memory.md on the JDK AOT cache).
 */
class TokenSecurityConfigurationTest {

    private final WebApplicationContextRunner runner =
            new WebApplicationContextRunner().withUserConfiguration(TokenSecurityConfiguration.class);

    @Test
    void aServiceWhoseModelEntryDoesNotValidateTokensGetsNoTokenSecurity() {
        runner.withPropertyValues("spring.application.name=notification-service")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenSecurityConfiguration.class));
    }

    @Test
    void aServiceWithoutTheResourceServerGetsNoTokenSecurityEvenIfItsModelEntrySaysSo() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security.oauth2.server.resource"))
                .withPropertyValues("spring.application.name=order-service")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenSecurityConfiguration.class));
    }

    @Test
    void theGuardNamesAClassThatTheResourceServerHas() {
        // Named as a string, so a typo or a class moved by Spring Security would switch token
        // security off everywhere without a compile error.
        String[] guard = TokenSecurityConfiguration.class
                .getAnnotation(ConditionalOnClass.class)
                .name();
        assertThat(guard)
                .isNotEmpty()
                .allSatisfy(
                        name -> assertThat(ClassUtils.isPresent(name, getClass().getClassLoader()))
                                .as(name)
                                .isTrue());
    }
}
