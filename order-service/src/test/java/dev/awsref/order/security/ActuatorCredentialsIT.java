package dev.awsref.order.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.order.support.OrderServiceIT;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * order-service has no operations API of its own, yet its actuator is behind the operations
 * credentials like the other services' (OperationsSecurity): in the local profile too, only the
 * probes' and scrapers' endpoints answer without them.
 */
@OrderServiceIT(properties = "app.outbox.relay-enabled=false")
class ActuatorCredentialsIT {

    @LocalManagementPort
    int managementPort;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void healthInfoAndPrometheusAnswerWithoutCredentials() {
        var actuator = new Api(managementPort);

        assertThat(actuator.get("/actuator/health").status()).isEqualTo(200);
        assertThat(actuator.get("/actuator/info").status()).isEqualTo(200);
        assertThat(actuator.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void metricsAndTheCircuitBreakersNeedTheOperationsCredentials() {
        var actuator = new Api(managementPort);

        assertThat(actuator.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(actuator.get("/actuator/circuitbreakers").status()).isEqualTo(401);
        assertThat(actuator.get("/actuator/metrics", Infrastructure.operationsCredentials())
                        .status())
                .isEqualTo(200);
        assertThat(actuator.get("/actuator/circuitbreakers", Infrastructure.operationsCredentials())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void nobodyWithoutTheCredentialsCanForceTheSnsBreakerOpen() {
        var actuator = new Api(managementPort);

        var forced = actuator.post("/actuator/circuitbreakers/sns", "{\"updateState\":\"FORCE_OPEN\"}");

        assertThat(forced.status()).isEqualTo(401);
        assertThat(breakers.circuitBreaker("sns").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
