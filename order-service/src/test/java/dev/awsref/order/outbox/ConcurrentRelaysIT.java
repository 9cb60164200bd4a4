package dev.awsref.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.QueueProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Three relays drain one outbox at once, as three instances would: nothing twice, each order in order. */
@OrderServiceIT(properties = {"app.outbox.relay-enabled=false", "app.outbox.batch-size=7"})
class ConcurrentRelaysIT {

    private static final int ORDERS = 15;

    @LocalServerPort
    int port;

    @Value("${app.topology.prefix}")
    String prefix;

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcClient jdbc;

    @Test
    void threeRelaysRunningAtOnceSendEachEventOnceAndEachOrdersEventsInOrder() throws Exception {
        var api = new Api(port);
        String customer = "relays-" + UUID.randomUUID().toString().substring(0, 8);
        long before = pending(); // another test of this class may have left rows pending
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String id = api.post("/api/orders", Api.order(customer, "EUR", "sku-" + i, "1", "2.00"))
                    .json()
                    .get("id")
                    .asString();
            assertThat(api.post("/api/orders/" + id + "/pay", "").status()).isEqualTo(200);
            orderIds.add(id);
        }
        assertThat(pending() - before).isEqualTo(ORDERS * 2L * 2L);

        try (var pool = Executors.newFixedThreadPool(3)) {
            List<Future<?>> relays = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                relays.add(pool.submit(() -> {
                    while (pending() > 0) {
                        if (relay.relayOnce().sent() == 0) {
                            Thread.sleep(20); // the others hold the rest; do not hammer the database
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> running : relays) {
                running.get();
            }
        }

        QueueProbe analytics = Infrastructure.queue(prefix, ReferenceTopology.ANALYTICS_ORDER_EVENTS);
        QueueProbe lifecycle = Infrastructure.queue(prefix, ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> analytics
                                        .matching(m -> m.body().contains(customer))
                                        .size()
                                >= ORDERS * 2
                        && lifecycle.matching(m -> m.body().contains(customer)).size() >= ORDERS * 2);
        // Nothing more trickles in: each event was published once.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        analytics.matching(m -> m.body().contains(customer)).size() == ORDERS * 2);
        for (String orderId : orderIds) {
            assertThat(lifecycle.matching(QueueProbe.aboutSubject(orderId)))
                    .extracting(m -> m.attribute("eventType"))
                    .containsExactly("OrderPlaced", "OrderPaid");
        }
    }

    @Test
    void theCleanupDeletesSentRowsPastTheRetentionAndKeepsPendingOnes() {
        var api = new Api(port);
        String customer = "cleanup-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "2.00"));
        while (relay.relayOnce().sent() > 0) {
            // drain everything this context has written so far
        }
        String pendingOrder = api.post("/api/orders", Api.order(customer, "EUR", "sku-2", "1", "2.00"))
                .json()
                .get("id")
                .asString();
        assertThat(sent()).isPositive();

        // A retention of zero: every sent row is past it, as after seven days.
        var properties = new OutboxProperties(false, null, 0, null, Duration.ZERO, false, null);
        new OutboxCleanup(jdbc, properties, java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofSeconds(1)))
                .cleanUp();

        assertThat(sent()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND sent_at IS NULL")
                        .param(pendingOrder)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    private long sent() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")
                .query(Long.class)
                .single();
    }

    private long pending() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                .query(Long.class)
                .single();
    }
}
