package dev.awsref.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.testsupport.TestJwt;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"app.outbox.relay-enabled=false", TestJwt.ACCEPTED_CLIENTS})
@Import(TestJwt.Config.class)
@DirtiesContext
class OrderServiceHealthIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.register(registry, Infrastructure.Overrides.none());
    }

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
