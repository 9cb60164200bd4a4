package dev.awsref.system.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.AnalyticsApi;
import dev.awsref.system.support.Mailbox;
import dev.awsref.system.support.Mailbox.Email;
import dev.awsref.system.support.OrderApi;
import dev.awsref.system.support.SystemTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A customer's journey through the three services as {@code ./dev up} runs them: nothing here
 * calls a service's code, only its HTTP API, and reads what reached the SMTP sink.
 */
class CustomerJourneyIT extends SystemTest {

    @Test
    void aCustomerBrowsesBuysIsMailedAtEveryStepAndTheirPurchaseAppearsNextToTheirActivity() {
        String customer = "journey-" + UUID.randomUUID().toString().substring(0, 8);
        AnalyticsApi analytics = system.analyticsAs(customer);
        OrderApi orders = system.orders();
        Mailbox mailbox = system.mailbox();

        // The customer browses: a search, two product pages, a cart add.
        var accepted = analytics.record("""
                [{"userId":"%1$s","type":"SEARCH","properties":{"query":"espresso"}},
                 {"userId":"%1$s","type":"PAGE_VIEW","itemId":"espresso-machine"},
                 {"userId":"%1$s","type":"PAGE_VIEW","itemId":"milk-frother"},
                 {"userId":"%1$s","type":"CART_ADD","itemId":"espresso-machine"}]""".formatted(customer));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        // ... then orders the machine (above the high-value threshold), pays, and it ships.
        var placed = orders.place(customer, "espresso-machine", 1, new BigDecimal("1249.90"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().get("id").asString();
        assertThat(orders.pay(orderId).json().get("status").asString()).isEqualTo("PAID");
        var shipped = orders.ship(orderId, "DHL", "TRACK-" + orderId.substring(0, 8));
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        assertThat(shipped.json().get("status").asString()).isEqualTo("SHIPPED");

        String customerAddress = customer + "@customers.example.com";
        await("the confirmation, the shipped email and the high-value alert for " + orderId)
                .atMost(EMAIL_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(mailbox.about(orderId))
                        .contains(
                                new Email(customerAddress, "Your order " + orderId + " is confirmed"),
                                new Email(customerAddress, "Your order " + orderId + " is on its way"))
                        .anySatisfy(alert -> {
                            assertThat(alert.to()).isEqualTo("operations@example.com");
                            assertThat(alert.subject()).startsWith("High-value order " + orderId);
                        }));

        await("analytics counting the four events and the purchase for " + customer)
                .atMost(ANALYTICS_WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode counters = analytics.activityOf(customer).json().path("counters");
                    assertThat(counters.path("total").asString()).isEqualTo("4");
                    assertThat(counters.path("PAGE_VIEW").asString()).isEqualTo("2");
                    assertThat(counters.path("orders").asString()).isEqualTo("1");
                    assertThat(counters.path("spend").asString()).isEqualTo("1249.90");
                });

        assertThat(mailbox.about(orderId))
                .as("each email exactly once")
                .doesNotHaveDuplicates()
                .hasSize(3);
    }

    @Test
    void aCancelledOrderIsMailedAsCancelledAndCanNoLongerShip() {
        String customer = "cancels-" + UUID.randomUUID().toString().substring(0, 8);
        OrderApi orders = system.orders();
        Mailbox mailbox = system.mailbox();

        var placed = orders.place(customer, "milk-frother", 2, new BigDecimal("39.90"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().get("id").asString();
        var cancelled = orders.cancel(orderId, "changed my mind");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");

        var shipping = orders.ship(orderId, "DHL", "TRACK-1");
        assertThat(shipping.status()).as(shipping.body()).isEqualTo(409);
        assertThat(shipping.contentType()).startsWith("application/problem+json");
        assertThat(orders.get(orderId).json().get("status").asString()).isEqualTo("CANCELLED");

        String customerAddress = customer + "@customers.example.com";
        await("the cancellation email for " + orderId)
                .atMost(EMAIL_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(mailbox.about(orderId))
                        .contains(new Email(customerAddress, "Your order " + orderId + " was cancelled")));
        assertThat(mailbox.about(orderId))
                .as("an order of 79.80 EUR raises no high-value alert")
                .noneSatisfy(email -> assertThat(email.to()).isEqualTo("operations@example.com"));
    }
}
