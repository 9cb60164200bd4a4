package dev.awsref.order.outbox;

import static dev.awsref.testsupport.QueueProbe.aboutSubject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.QueueProbe;
import dev.awsref.testsupport.TcpGate;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fault drill: SNS is unreachable (its port refuses connections), orders are still accepted
 * and wait in the outbox while the relay backs off; when SNS comes back every event arrives.
 */
@OrderServiceIT(
        properties = {
            "app.outbox.poll-interval=100ms",
            "app.outbox.max-backoff=2s",
            "resilience4j.circuitbreaker.instances.sns.wait-duration-in-open-state=2s"
        })
class SnsOutageIT {

    private static final int ORDERS = 5;
    private static final TcpGate SNS = new TcpGate(Infrastructure.snsEndpoint());

    /** The service's SNS client goes through the gate the test cuts. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ThroughTheGate {
        @Bean
        Infrastructure.Overrides snsThroughTheGate() {
            return Infrastructure.Overrides.sns(SNS.endpoint());
        }
    }

    @AfterAll
    static void closeGate() throws Exception {
        SNS.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Value("${app.topology.prefix}")
    String prefix;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void ordersAreAcceptedWhileSnsIsDownAndEveryEventArrivesWhenItReturns() throws Exception {
        var api = new Api(port);
        String customer = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            var created = api.post("/api/orders", Api.order(customer, "EUR", "sku-" + i, "1", "10.00"));
            assertThat(created.status()).isEqualTo(201);
            orderIds.add(created.json().get("id").asString());
        }

        // The relay fails, opens the breaker and backs off instead of spinning.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> breakers.circuitBreaker("sns").getState() == CircuitBreaker.State.OPEN);
        await().atMost(Duration.ofSeconds(60)).until(() -> gauge("outbox.relay.backoff") > 100);
        assertThat(meters.get("outbox.relay.failures").counter().count()).isPositive();
        assertThat(pending()).isEqualTo(2L * ORDERS);
        // Operators see the same in actuator and in the Resilience4j metrics.
        var breakers = new Api(managementPort).get("/actuator/circuitbreakers", Infrastructure.operationsCredentials());
        assertThat(breakers.json()
                        .get("circuitBreakers")
                        .get("sns")
                        .get("state")
                        .asString())
                .isEqualTo("OPEN");
        assertThat(meters.find("resilience4j.circuitbreaker.state")
                        .tag("name", "sns")
                        .tag("state", "open")
                        .gauge()
                        .value())
                .isEqualTo(1.0);

        SNS.open();

        QueueProbe analytics = Infrastructure.queue(prefix, ReferenceTopology.ANALYTICS_ORDER_EVENTS);
        QueueProbe lifecycle = Infrastructure.queue(prefix, ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE);
        for (String orderId : orderIds) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> analytics.matching(aboutSubject(orderId)).size() == 1
                            && lifecycle.matching(aboutSubject(orderId)).size() == 1);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pending() == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> gauge("outbox.relay.backoff") == 0);
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private long pending() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                .query(Long.class)
                .single();
    }
}
