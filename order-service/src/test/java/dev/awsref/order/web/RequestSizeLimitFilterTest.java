package dev.awsref.order.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.awsref.order.ordering.OrderController;
import dev.awsref.order.ordering.OrderService;
import dev.awsref.order.security.Callers;
import dev.awsref.order.support.WebSlice;
import dev.awsref.testsupport.TestJwt;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The body limit in front of the order API, here 1 KB instead of 1 MB so the bodies stay small: a
 * declared length over it is refused before anything reads the body, a chunked body is cut off
 * while it is read, and both answers are a 413 problem detail. {@link OrderService} is mocked: it
 * is what would reach PostgreSQL, Redis and SNS.
 */
@WebMvcTest(
        controllers = OrderController.class,
        properties = {"app.api.max-request-size=1KB", TestJwt.ACCEPTED_CLIENTS})
@Import({Callers.class, WebSlice.class})
class RequestSizeLimitFilterTest {

    private static final int LIMIT = 1024;
    private static final String TOO_LARGE = "https://github.com/awsref/problems/request-too-large";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OrderService orders;

    private final String alice = "Bearer " + TestJwt.token("alice");

    @BeforeEach
    void placingSucceeds() {
        var view = WebSlice.placedOrder(UUID.randomUUID(), "alice");
        given(orders.place(any(), any(), any(), any())).willReturn(new OrderService.Placed(view, false));
    }

    @Test
    void aBodyOfExactlyTheLimitPasses() throws Exception {
        mvc.perform(order(LIMIT)).andExpect(status().isCreated());
    }

    @Test
    void aBodyDeclaringOneByteMoreIsA413BeforeAnythingReadsIt() throws Exception {
        mvc.perform(order(LIMIT + 1))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TOO_LARGE))
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.detail").value("The body has 1025 bytes; at most 1024 are accepted"));
        verifyNoInteractions(orders);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeTheTokenIsChecked() throws Exception {
        // The filter comes first, so an unauthenticated client cannot make the service read a large body either.
        mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body(LIMIT * 4)))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value(TOO_LARGE));
    }

    @Test
    void aChunkedBodyUnderTheLimitPasses() throws Exception {
        mvc.perform(order(LIMIT).with(chunked())).andExpect(status().isCreated());
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413WhileItIsRead() throws Exception {
        mvc.perform(order(LIMIT * 4).with(chunked()))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TOO_LARGE))
                .andExpect(jsonPath("$.status").value(413))
                .andExpect(jsonPath("$.detail").value("The body exceeds the limit: the body exceeds 1024 bytes"));
        verifyNoInteractions(orders);
    }

    private MockHttpServletRequestBuilder order(int bytes) {
        return post("/api/orders")
                .header(HttpHeaders.AUTHORIZATION, alice)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body(bytes));
    }

    /** A valid order padded with trailing whitespace (still valid JSON) to exactly {@code bytes}. */
    private static byte[] body(int bytes) {
        String order = """
                {"currency":"EUR","lines":[{"productId":"sku-1","quantity":1,"unitPrice":"9.99"}]}""";
        return (order + " ".repeat(bytes - order.length())).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A chunked upload declares no length. MockMvc always knows the length of the content it was
     * given, so the request is wrapped in a Mockito spy that reports none, as Tomcat does for
     * {@code Transfer-Encoding: chunked}.
     */
    private static RequestPostProcessor chunked() {
        return request -> {
            request.addHeader(HttpHeaders.TRANSFER_ENCODING, "chunked");
            MockHttpServletRequest withoutLength = Mockito.spy(request);
            doReturn(-1).when(withoutLength).getContentLength();
            doReturn(-1L).when(withoutLength).getContentLengthLong();
            return withoutLength;
        };
    }
}
