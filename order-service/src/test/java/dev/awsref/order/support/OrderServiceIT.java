package dev.awsref.order.support;

import dev.awsref.testsupport.TestJwt;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * An order-service integration test: the whole service on random ports (the management port
 * too), against {@link Infrastructure} (a fresh database, its own topology on the shared
 * emulators, Redis), trusting {@link TestJwt}'s issuer, with a context of its own (each class's
 * database and topology are its own, so no context is shared). In the {@code local} profile unless
 * {@link #profiles} says otherwise; a fault test points SNS or Redis elsewhere with an {@link
 * Infrastructure.Overrides} bean.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles
@Import({TestJwt.Config.class, Infrastructure.Registrar.class})
@DirtiesContext
public @interface OrderServiceIT {

    /** The test's own properties, as {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    /** {@code local} (no token needed); {@code {}} for the AWS profile's token checks. */
    @AliasFor(annotation = ActiveProfiles.class, attribute = "profiles")
    String[] profiles() default {"local"};
}
