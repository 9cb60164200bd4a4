package dev.awsref.testsupport;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Hands tests the shared AWS endpoints, PostgreSQL and Redis; see {@link AwsEmulators}. */
public final class TestInfrastructureExtension implements ParameterResolver {

    private static final Map<Class<?>, Supplier<Object>> RESOLVERS = Map.of(
            AwsTestEnvironment.class, AwsTestEnvironment::get,
            PostgresTestDatabase.class, PostgresTestDatabase::get,
            RedisTestServer.class, RedisTestServer::get);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVERS.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVERS.get(parameter.getParameter().getType()).get();
    }
}
