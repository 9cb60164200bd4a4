package dev.awsref.defaults.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The bound on API requests in flight, with requests that stay inside the service until the test
 * lets them go: the ones beyond the bound are answered at once, and every place comes back when a
 * request ends, however it ends.
 */
class InFlightLimitFilterTest {

    private static final int BOUND = 3;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InFlightLimitFilter filter = new InFlightLimitFilter(BOUND, meters);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void letEveryoneGo() {
        release.countDown();
        clients.close();
    }

    @Test
    void aRequestBeyondTheBoundIsAnswered503WithRetryAfterAndAProblemWithoutReachingTheService() throws Exception {
        fillTheBound();

        MockHttpServletResponse refused = send("/api/orders", (request, response) -> {
            throw new AssertionError("the request beyond the bound reached the service");
        });

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(refused.getContentAsString())
                .contains("\"type\":\"" + ProblemResponses.TYPE_BASE + "overloaded\"")
                .contains("as many requests as it takes (3)");
        assertThat(meters.get("api.requests.shed").counter().count()).isEqualTo(1);
        assertThat(meters.get("api.requests.in.flight").gauge().value()).isEqualTo(BOUND);
    }

    @Test
    void thePlacesComeBackWhenTheRequestsInFlightEnd() throws Exception {
        List<Future<MockHttpServletResponse>> inFlight = fillTheBound();
        release.countDown();
        for (var request : inFlight) {
            assertThat(request.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        }

        assertThat(send("/api/orders", (request, response) -> {}).getStatus()).isEqualTo(200);
        assertThat(meters.get("api.requests.in.flight").gauge().value()).isZero();
    }

    @Test
    void aRequestThatFailsGivesItsPlaceBackToo() throws Exception {
        for (int i = 0; i < BOUND + 1; i++) {
            assertThatThrownBy(() -> send("/api/orders", (request, response) -> {
                        throw new ServletException("the handler failed");
                    }))
                    .hasMessage("the handler failed");
        }

        assertThat(send("/api/orders", (request, response) -> {}).getStatus()).isEqualTo(200);
        assertThat(meters.get("api.requests.shed").counter().count()).isZero();
    }

    @Test
    void probesAndEverythingOutsideTheApiAreNotBounded() throws Exception {
        fillTheBound();

        assertThat(send("/readyz", (request, response) -> {}).getStatus()).isEqualTo(200);
        assertThat(send("/sns/order-events", (request, response) -> {}).getStatus())
                .isEqualTo(200);
    }

    @Test
    void aBoundBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> new InFlightLimitFilter(0, meters))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app.api.max-in-flight");
    }

    /** {@value #BOUND} requests that stay in the service until {@link #release}. */
    private List<Future<MockHttpServletResponse>> fillTheBound() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(BOUND);
        List<Future<MockHttpServletResponse>> inFlight = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
            inFlight.add(clients.submit(() -> send("/api/orders", (request, response) -> {
                entered.countDown();
                awaitRelease();
            })));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return inFlight;
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private MockHttpServletResponse send(String path, FilterChain chain) throws Exception {
        var request = new MockHttpServletRequest("POST", path);
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
