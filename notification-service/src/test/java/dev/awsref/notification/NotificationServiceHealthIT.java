package dev.awsref.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.notification.support.NotificationIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

class NotificationServiceHealthIT extends NotificationIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void answersTheLoadBalancerHealthCheckOnTheApplicationPort() throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }
}
