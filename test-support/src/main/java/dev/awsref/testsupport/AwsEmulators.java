package dev.awsref.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that talks to AWS APIs: parameters of type {@link AwsTestEnvironment},
 * {@link PostgresTestDatabase} and {@link RedisTestServer} are injected, resolved once per JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestInfrastructureExtension.class)
public @interface AwsEmulators {}
