package dev.awsref.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.testsupport.TestJwt;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@OrderServiceIT(
        properties = {"app.outbox.relay-enabled=false", TestJwt.ACCEPTED_CLIENTS},
        profiles = {})
class OrderServiceHealthIT {

    @LocalServerPort
    int port;

    @Test
    void answersTheLoadBalancerHealthCheckOnTheApplicationPortWithoutAToken() {
        var response = new Api(port).get("/readyz");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }

    @Test
    void servesTheOpenApiDocumentWithoutAToken() {
        assertThat(new Api(port).get("/v3/api-docs").status()).isEqualTo(200);
    }
}
