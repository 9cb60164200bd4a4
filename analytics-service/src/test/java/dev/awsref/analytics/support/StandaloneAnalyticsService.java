package dev.awsref.analytics.support;

import dev.awsref.analytics.AnalyticsServiceApplication;
import dev.awsref.testsupport.TestJwt;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * analytics-service started in the test's JVM as its jar starts, from command-line properties, for
 * a test about start-up itself (a Spring test context would hide a failed start): free ports for
 * the API and the management port, and the test issuer's tokens trusted.
 */
public final class StandaloneAnalyticsService {

    private StandaloneAnalyticsService() {}

    /** Starts it with {@code properties} as {@code --name=value} arguments; close it to stop it. */
    public static ConfigurableApplicationContext run(Map<String, ?> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("server.port", "0");
        all.put("management.server.port", "0");
        all.put("app.security.tokens.client-ids", TestJwt.CLIENT_ID);
        String[] arguments = all.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AnalyticsServiceApplication.class, TestJwt.Config.class).run(arguments);
    }
}
