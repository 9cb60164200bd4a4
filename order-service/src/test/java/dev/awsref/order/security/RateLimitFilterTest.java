package dev.awsref.order.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.awsref.order.ordering.OrderController;
import dev.awsref.order.ordering.OrderService;
import dev.awsref.order.support.WebSlice;
import dev.awsref.testsupport.TestJwt;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The per-client limit, in the security chain where it runs in production (after the bearer token
 * is checked): 3 requests a minute here, so no window refreshes during a test. Clients are token
 * subjects, or addresses without a token. Each test uses its own clients, because the limiters
 * live as long as the context, which the test methods share. {@link OrderService} is mocked: it is
 * what would reach PostgreSQL, Redis and SNS.
 */
@WebMvcTest(
        controllers = OrderController.class,
        properties = {"app.rate-limit.limit-for-period=3", "app.rate-limit.period=60s", TestJwt.ACCEPTED_CLIENTS})
@Import({Callers.class, WebSlice.class})
class RateLimitFilterTest {

    private static final int LIMIT = 3;

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @MockitoBean
    OrderService orders;

    private final UUID orderId = UUID.randomUUID();

    @BeforeEach
    void everyOrderIsThere() {
        var view = WebSlice.placedOrder(orderId, "someone");
        given(orders.get(any(), any())).willReturn(view);
    }

    @Test
    void aCallerOverTheLimitGets429WithRetryAfter() throws Exception {
        String token = TestJwt.token(someone("alice"));
        for (int i = 0; i < LIMIT; i++) {
            getOrder(token).andExpect(status().isOk());
        }

        var refused = getOrder(token)
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists(HttpHeaders.RETRY_AFTER))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://github.com/awsref/problems/rate-limited"))
                .andExpect(jsonPath("$.status").value(429))
                .andReturn()
                .getResponse();
        long retryAfter = Long.parseLong(refused.getHeader(HttpHeaders.RETRY_AFTER));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.getContentAsString()).contains("More than 3 requests per 60 s; retry after " + retryAfter);
    }

    @Test
    void otherCallersAreUnaffectedWhenOneIsLimited() throws Exception {
        String alice = TestJwt.token(someone("alice"));
        String bob = TestJwt.token(someone("bob"));
        for (int i = 0; i < LIMIT; i++) {
            getOrder(alice).andExpect(status().isOk());
        }
        getOrder(alice).andExpect(status().isTooManyRequests());

        for (int i = 0; i < LIMIT; i++) {
            getOrder(bob).andExpect(status().isOk());
        }
    }

    @Test
    void aCallerIsCountedByTokenSubjectWhateverTheAddress() throws Exception {
        String alice = TestJwt.token(someone("alice"));
        for (int i = 0; i < LIMIT; i++) {
            getOrder(alice, from("198.51.100." + (i + 1))).andExpect(status().isOk());
        }
        getOrder(alice, from("198.51.100.99")).andExpect(status().isTooManyRequests());
    }

    @Test
    void callersWithoutATokenAreCountedByAddress() throws Exception {
        // Counted before the token check refuses them, so an anonymous flood is limited too.
        for (int i = 0; i < LIMIT; i++) {
            getOrder(null, from("192.0.2.10")).andExpect(status().isUnauthorized());
        }
        getOrder(null, from("192.0.2.10")).andExpect(status().isTooManyRequests());
        getOrder(null, from("192.0.2.11")).andExpect(status().isUnauthorized());
    }

    @Test
    void pathsOutsideTheApiAreNotLimited() throws Exception {
        for (int i = 0; i < LIMIT * 2; i++) {
            mvc.perform(get("/livez").with(from("192.0.2.20"))).andExpect(status().isNotFound());
        }
    }

    @Test
    void everyRefusalIsCounted() throws Exception {
        String token = TestJwt.token(someone("carol"));
        double before = meters.get("api.rate.limited").counter().count();
        for (int i = 0; i < LIMIT + 2; i++) {
            getOrder(token);
        }
        assertThat(meters.get("api.rate.limited").counter().count()).isEqualTo(before + 2);
    }

    private ResultActions getOrder(String token, RequestPostProcessor... processors) throws Exception {
        var request = get("/api/orders/{id}", orderId);
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        for (RequestPostProcessor processor : processors) {
            request.with(processor);
        }
        return mvc.perform(request);
    }

    /** A caller at a documentation address (RFC 5737); MockMvc sends nothing over the network. */
    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private static String someone(String name) {
        return name + "-" + UUID.randomUUID();
    }
}
