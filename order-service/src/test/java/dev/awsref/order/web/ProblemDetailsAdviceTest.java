package dev.awsref.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.awsref.order.ordering.ForbiddenException;
import dev.awsref.order.ordering.IdempotencyKeyReusedException;
import dev.awsref.order.ordering.IllegalTransitionException;
import dev.awsref.order.ordering.OrderController;
import dev.awsref.order.ordering.OrderNotFoundException;
import dev.awsref.order.ordering.OrderService;
import dev.awsref.order.ordering.OrderStatus;
import dev.awsref.order.outbox.EventTooLargeException;
import dev.awsref.order.security.Callers;
import dev.awsref.order.support.WebSlice;
import dev.awsref.testsupport.TestJwt;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import software.amazon.awssdk.core.SdkClient;

/**
 * Every error the order API can answer with, through the real {@link OrderController}: an RFC 9457
 * problem detail with the status, a type, the field and the reason where there is one, and no
 * stack trace or class name. {@link OrderService} is mocked (it is what would reach PostgreSQL,
 * Redis and SNS); it throws the domain exceptions the advice maps.
 */
@WebMvcTest(
        controllers = OrderController.class,
        // Every request here comes from one caller within a second or two; under the production
        // limit (50/s) a growing class would start to see 429s. RateLimitFilterTest covers the limit.
        properties = {"app.rate-limit.limit-for-period=10000", TestJwt.ACCEPTED_CLIENTS})
@Import({Callers.class, WebSlice.class})
class ProblemDetailsAdviceTest {

    private static final String TYPES = "https://github.com/awsref/problems/";
    private static final String VALID_ORDER = """
            {"currency":"EUR","lines":[{"productId":"sku-1","quantity":1,"unitPrice":"9.99"}]}""";
    private static final String VALID_SHIPMENT = """
            {"carrier":"DHL","trackingNumber":"00340434161094042557"}""";

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @MockitoBean
    OrderService orders;

    private final String alice = "Bearer " + TestJwt.token("alice");

    @Test
    void aMissingFieldIsA400NamingTheFieldAndWhy() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"lines":[{"productId":"sku-1","quantity":1,"unitPrice":"9.99"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.detail").value("1 field is invalid: currency"))
                .andExpect(jsonPath("$.errors[0].field").value("currency"))
                .andExpect(jsonPath("$.errors[0].reason").value("must not be null"));
    }

    @Test
    void aBadFieldInsideALineIsNamedByItsPath() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"EUR","lines":[{"productId":"sku-1","quantity":0,"unitPrice":"9.99"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be greater than 0"));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"EURO","lines":[]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("2 fields are invalid"))
                .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("currency", "lines")));
    }

    @Test
    void anOutOfRangeQueryParameterIsA400NamingTheParameter() throws Exception {
        send(get("/api/orders").param("size", "500"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be less than or equal to 100"));
    }

    @Test
    void aFieldOnlyTheControllerCanCheckIsA400NamingTheField() throws Exception {
        send(post("/api/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "k".repeat(129))
                        .content(VALID_ORDER))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be at most 128 characters"));
    }

    @Test
    void anUnknownFieldIsA400NamingTheField() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"EUR","colour":"red","lines":[{"productId":"sku-1","quantity":1,"unitPrice":"1"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("colour"))
                .andExpect(jsonPath("$.errors[0].reason").value("is not a field of this request"));
    }

    @Test
    void aValueOfTheWrongTypeIsA400NamingTheFieldAndWhatWasExpected() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"EUR","lines":[{"productId":"sku-1","quantity":"many","unitPrice":"1"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a whole number"));
    }

    @Test
    void aFractionalQuantityIsA400NotAQuantityRoundedDown() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"EUR","lines":[{"productId":"sku-1","quantity":2.9,"unitPrice":"1"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a whole number"));
        org.mockito.Mockito.verifyNoInteractions(orders);
    }

    @Test
    void aQuantityBeyondTheRangeOfItsTypeIsA400NamingTheField() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"EUR","lines":[{"productId":"sku-1","quantity":99999999999,"unitPrice":"1"}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines[0].quantity"));
    }

    @Test
    void malformedJsonIsA400WithoutTheParsersSourceDump() throws Exception {
        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content("{\"currency\":\"EUR\",\"lines\":["))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "malformed-request"))
                .andExpect(jsonPath("$.errors[0].field").value("lines"))
                .andExpect(jsonPath("$.detail", not(containsString("Source"))));
    }

    @Test
    void aMissingBodyIsA400NamingTheBodyWithoutJavaTypes() throws Exception {
        send(post("/api/orders/{id}/cancel", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "malformed-request"))
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.detail").value("The request body is missing"));
    }

    @Test
    void aPathIdThatIsNoUuidIsA400ProblemNamingTheParameter() throws Exception {
        send(get("/api/orders/{id}", "not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPES + "invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("id"))
                .andExpect(jsonPath("$.errors[0].reason").value("must be a UUID"));
    }

    @Test
    void aBodyThatIsNotJsonIsA415ProblemSayingWhatIsAccepted() throws Exception {
        send(post("/api/orders").contentType(MediaType.TEXT_PLAIN).content("one coffee, please"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(TYPES + "unsupported-media-type"))
                .andExpect(jsonPath("$.errors[0].field").value("Content-Type"))
                .andExpect(header().string(HttpHeaders.ACCEPT, containsString("application/json")));
    }

    @Test
    void aWildcardContentTypeIsA4xxProblemNotA500() throws Exception {
        // The notification endpoint's fuzz suite found that a Content-Type of */* made Spring throw
        // while reading the body there; a client may send it here too.
        for (String wildcard : new String[] {"*/*", "text/*", "application/*"}) {
            send(post("/api/orders").header(HttpHeaders.CONTENT_TYPE, wildcard).content("{}"))
                    .andExpect(status().is4xxClientError());
        }
    }

    @Test
    void anUnsupportedMethodIsA405ProblemSayingWhichAreAllowed() throws Exception {
        send(delete("/api/orders"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value(TYPES + "method-not-allowed"))
                .andExpect(header().string(HttpHeaders.ALLOW, containsString("POST")));
    }

    @Test
    void anOrderThatDoesNotExistIsA404() throws Exception {
        UUID id = UUID.randomUUID();
        given(orders.get(any(), eq(id))).willThrow(new OrderNotFoundException(id));

        send(get("/api/orders/{id}", id))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(TYPES + "order-not-found"))
                .andExpect(jsonPath("$.detail").value("order " + id + " not found"));
    }

    @Test
    void anIllegalTransitionIsA409SayingWhatIsAllowedNext() throws Exception {
        UUID id = UUID.randomUUID();
        given(orders.ship(any(), eq(id), anyString(), anyString()))
                .willThrow(new IllegalTransitionException(OrderStatus.PLACED, OrderStatus.SHIPPED));

        send(post("/api/orders/{id}/ship", id)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(VALID_SHIPMENT))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(TYPES + "illegal-transition"))
                .andExpect(jsonPath("$.currentStatus").value("PLACED"))
                .andExpect(jsonPath("$.requestedStatus").value("SHIPPED"))
                .andExpect(jsonPath("$.allowed", containsInAnyOrder("PAID", "CANCELLED")));
    }

    @Test
    void aFinishedOrderAllowsNothingNext() throws Exception {
        UUID id = UUID.randomUUID();
        given(orders.pay(any(), eq(id)))
                .willThrow(new IllegalTransitionException(OrderStatus.CANCELLED, OrderStatus.PAID));

        send(post("/api/orders/{id}/pay", id))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.allowed", empty()));
    }

    @Test
    void aConcurrentChangeIsA409AskingToRetry() throws Exception {
        UUID id = UUID.randomUUID();
        given(orders.pay(any(), eq(id))).willThrow(new OptimisticLockingFailureException("version 3 != 4"));

        send(post("/api/orders/{id}/pay", id))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(TYPES + "concurrent-change"))
                .andExpect(jsonPath("$.detail").value("The order changed meanwhile; retry"));
    }

    @Test
    void anIdempotencyKeyReusedForAnotherBodyIsA422() throws Exception {
        given(orders.place(any(), any(), any(), any())).willThrow(new IdempotencyKeyReusedException("key-1"));

        send(post("/api/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "key-1")
                        .content(VALID_ORDER))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value(TYPES + "idempotency-key-reused"))
                .andExpect(jsonPath("$.detail", containsString("'key-1'")));
    }

    @Test
    void anOrderTooLargeToPublishIsA413WithItsSize() throws Exception {
        given(orders.place(any(), any(), any(), any())).willThrow(new EventTooLargeException("OrderPlaced", 300_000));

        send(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(VALID_ORDER))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.type").value(TYPES + "event-too-large"))
                .andExpect(jsonPath("$.eventBytes").value(300_000));
    }

    @Test
    void aForbiddenActionIsA403SayingWhy() throws Exception {
        UUID id = UUID.randomUUID();
        given(orders.ship(any(), eq(id), anyString(), anyString()))
                .willThrow(new ForbiddenException("shipping needs the orders/ship scope"));

        send(post("/api/orders/{id}/ship", id)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(VALID_SHIPMENT))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value(TYPES + "forbidden"))
                .andExpect(jsonPath("$.detail").value("shipping needs the orders/ship scope"));
    }

    @Test
    void theSliceStartsNoDatabaseRedisOrAwsClient() {
        assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
        assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SdkClient.class)).isEmpty();
    }

    /**
     * Sends the request as a customer with a valid token and checks what every error shares: a
     * problem detail whose status matches the response's, and nothing of the server's insides.
     */
    private ResultActions send(MockHttpServletRequestBuilder request) throws Exception {
        ResultActions result = mvc.perform(request.header(HttpHeaders.AUTHORIZATION, alice));
        int status = result.andReturn().getResponse().getStatus();
        return result.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.trace").doesNotExist())
                .andExpect(jsonPath("$.exception").doesNotExist())
                .andExpect(content().string(not(containsString("Exception"))))
                .andExpect(content().string(not(containsString("dev.awsref."))))
                .andExpect(content().string(not(containsString("java."))))
                .andExpect(content().string(not(containsString("\tat "))));
    }
}
