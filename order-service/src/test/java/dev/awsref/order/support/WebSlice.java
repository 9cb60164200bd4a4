package dev.awsref.order.support;

import dev.awsref.defaults.tokens.TokenSecurityConfiguration;
import dev.awsref.order.ordering.OrderStatus;
import dev.awsref.order.ordering.OrderView;
import dev.awsref.order.security.SecurityConfiguration;
import dev.awsref.testsupport.TestJwt;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What an {@code @WebMvcTest} slice of this service needs besides the controller under test: the
 * real security chain (bearer tokens, the rate limit after authentication), trusting the test
 * issuer's key instead of fetching Cognito's, and a meter registry, since the slice starts no
 * metrics auto-configuration and the rate limit counts its refusals. Nothing here reaches
 * PostgreSQL, Redis or AWS: the slice does not start their auto-configuration, and the tests mock
 * {@code OrderService}, the only collaborator of the controller that would.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, TokenSecurityConfiguration.class, TestJwt.Config.class})
public class WebSlice {

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /** A freshly placed order of one euro with no lines: what a slice's mocked service answers. */
    public static OrderView placedOrder(UUID id, String customerId) {
        return new OrderView(
                id,
                customerId,
                OrderStatus.PLACED,
                "EUR",
                BigDecimal.ONE,
                List.of(),
                null,
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                0);
    }
}
