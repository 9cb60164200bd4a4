package dev.awsref.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.order.resilience.Guarded;
import dev.awsref.order.support.Api;
import dev.awsref.order.support.Infrastructure;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.QueueProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * One order's events reach the FIFO topic in the order they happened, even when SNS rejects one
 * entry of a PublishBatch. The rejection is made by {@link RejectingSns}, a test-only wrapper that
 * takes chosen entries out of the request and reports them failed, as SNS reports a failed entry;
 * every other entry goes to the real (emulated) SNS, and the tests read what reached the queues.
 */
@OrderServiceIT(properties = {"app.outbox.relay-enabled=false"})
class PerOrderOrderingIT {

    @LocalServerPort
    int port;

    @Value("${app.topology.prefix}")
    String prefix;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SnsClient sns;

    @Autowired
    EnvironmentTopology topology;

    @Autowired
    Guarded guarded;

    @Autowired
    TraceContexts traces;

    private QueueProbe lifecycle;
    private String customer;

    @BeforeEach
    void drainWhatEarlierTestsLeft() {
        lifecycle = Infrastructure.queue(prefix, ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE);
        customer = "ordering-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL").update();
    }

    @Test
    void aRejectedEntryHoldsBackTheLaterEventsOfItsOrderUntilItIsPublished() {
        String held = paidOrder();
        String other = paidOrder();
        var rejecting = new RejectingSns(sns);
        rejecting.rejectOnce(row(held, "OrderPlaced", ReferenceTopology.ORDER_LIFECYCLE));
        OutboxRelay relay = relay(rejecting, 10, Duration.ofMillis(50));

        relay.relayOnce();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle.matching(QueueProbe.aboutSubject(other)).size() == 2);
        assertThat(lifecycle.matching(QueueProbe.aboutSubject(held)))
                .as("OrderPaid of the order whose OrderPlaced SNS rejected")
                .isEmpty();

        relay.relayOnce();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle.matching(QueueProbe.aboutSubject(held)).size() >= 2);
        assertThat(lifecycle.matching(QueueProbe.aboutSubject(held)))
                .extracting(m -> m.attribute("eventType"))
                .containsExactly("OrderPlaced", "OrderPaid");
    }

    @Test
    void aRelayWhoseRowsAreAllHeldBackBacksOffInsteadOfSpinning() {
        String held = paidOrder();
        var rejecting = new RejectingSns(sns);
        rejecting.rejectAlways(row(held, "OrderPlaced", ReferenceTopology.ORDER_LIFECYCLE));
        // order-events rows first: send them, so all that is left is the held-back FIFO pair.
        jdbc.sql("UPDATE outbox SET sent_at = now() WHERE aggregate_id = ? AND topic = ?")
                .params(held, ReferenceTopology.ORDER_EVENTS)
                .update();
        var properties =
                new OutboxProperties(true, Duration.ofMillis(20), 2, Duration.ofMillis(200), null, false, null);
        var relay = new OutboxRelay(
                jdbc, transactions, new SnsOutboxPublisher(rejecting, topology, guarded, traces), properties, meters());

        relay.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> relay.consecutiveFailures() >= 3);
        } finally {
            relay.stop();
        }

        assertThat(rejecting.entriesSent(row(held, "OrderPaid", ReferenceTopology.ORDER_LIFECYCLE)))
                .as("publish attempts of the OrderPaid behind the rejected OrderPlaced")
                .isZero();
        assertThat(lifecycle.matching(QueueProbe.aboutSubject(held))).isEmpty();
    }

    @Test
    void anOrderIsClaimedWholeSoASecondRelayTakesNoneOfItsRows() throws Exception {
        String claimed = paidOrder();
        String other = paidOrder();
        var inFlight = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var slow = new RejectingSns(sns);
        slow.pauseOn(row(claimed, "OrderPlaced", ReferenceTopology.ORDER_LIFECYCLE), inFlight, release);
        // the first relay takes one row: its window ends inside the order, as a full batch would
        OutboxRelay first = relay(slow, 1, Duration.ofMillis(50));
        jdbc.sql("UPDATE outbox SET sent_at = now() WHERE topic = ?")
                .param(ReferenceTopology.ORDER_EVENTS)
                .update();

        try (var pool = Executors.newSingleThreadExecutor()) {
            var firstPass = pool.submit(first::relayOnce);
            assertThat(inFlight.await(30, TimeUnit.SECONDS)).isTrue();

            OutboxRelay.Pass second = relay(sns, 10, Duration.ofMillis(50)).relayOnce();

            assertThat(second.taken())
                    .as("rows the second relay took: the other order's two, none of the claimed order's")
                    .isEqualTo(2);
            release.countDown();
            assertThat(firstPass.get(30, TimeUnit.SECONDS).sent()).isEqualTo(1);
        }
        relay(sns, 10, Duration.ofMillis(50)).relayOnce();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> lifecycle
                                        .matching(QueueProbe.aboutSubject(claimed))
                                        .size()
                                >= 2
                        && lifecycle.matching(QueueProbe.aboutSubject(other)).size() >= 2);
        assertThat(lifecycle.matching(QueueProbe.aboutSubject(claimed)))
                .extracting(m -> m.attribute("eventType"))
                .containsExactly("OrderPlaced", "OrderPaid");
    }

    private OutboxRelay relay(SnsClient client, int batchSize, Duration poll) {
        var properties = new OutboxProperties(false, poll, batchSize, Duration.ofMillis(200), null, false, null);
        return new OutboxRelay(
                jdbc, transactions, new SnsOutboxPublisher(client, topology, guarded, traces), properties, meters());
    }

    private static SimpleMeterRegistry meters() {
        return new SimpleMeterRegistry();
    }

    /** Places and pays an order through the API: two events, each in the outbox for both topics. */
    private String paidOrder() {
        var api = new Api(port);
        String id = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "2.00"))
                .json()
                .get("id")
                .asString();
        assertThat(api.post("/api/orders/" + id + "/pay", "").status()).isEqualTo(200);
        return id;
    }

    private long row(String orderId, String eventType, String topic) {
        return jdbc.sql("SELECT id FROM outbox WHERE aggregate_id = ? AND event_type = ? AND topic = ?")
                .params(orderId, eventType, topic)
                .query(Long.class)
                .single();
    }

    /**
     * The real SNS client, except that entries for chosen outbox rows (the entry id is the row id)
     * never reach SNS and come back as failed entries, and that one row's call can be paused.
     */
    static final class RejectingSns implements SnsClient {

        private final SnsClient delegate;
        private final Set<String> rejectOnce = ConcurrentHashMap.newKeySet();
        private final Set<String> rejectAlways = ConcurrentHashMap.newKeySet();
        private final ConcurrentHashMap<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        private volatile String pauseOn;
        private volatile CountDownLatch inFlight;
        private volatile CountDownLatch release;

        RejectingSns(SnsClient delegate) {
            this.delegate = delegate;
        }

        void rejectOnce(long row) {
            rejectOnce.add(Long.toString(row));
        }

        void rejectAlways(long row) {
            rejectAlways.add(Long.toString(row));
        }

        void pauseOn(long row, CountDownLatch inFlight, CountDownLatch release) {
            this.pauseOn = Long.toString(row);
            this.inFlight = inFlight;
            this.release = release;
        }

        int entriesSent(long row) {
            AtomicInteger count = sent.get(Long.toString(row));
            return count == null ? 0 : count.get();
        }

        @Override
        public PublishBatchResponse publishBatch(PublishBatchRequest request) {
            List<PublishBatchRequestEntry> passing = request.publishBatchRequestEntries().stream()
                    .filter(entry -> !rejectAlways.contains(entry.id()) && !rejectOnce.remove(entry.id()))
                    .toList();
            List<BatchResultErrorEntry> failed = request.publishBatchRequestEntries().stream()
                    .filter(entry -> !passing.contains(entry))
                    .map(entry -> BatchResultErrorEntry.builder()
                            .id(entry.id())
                            .code("InvalidParameter")
                            .message("rejected by the test")
                            .senderFault(true)
                            .build())
                    .toList();
            passing.forEach(entry ->
                    sent.computeIfAbsent(entry.id(), id -> new AtomicInteger()).incrementAndGet());
            if (passing.stream().anyMatch(entry -> entry.id().equals(pauseOn))) {
                inFlight.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (passing.isEmpty()) {
                return PublishBatchResponse.builder().failed(failed).build();
            }
            PublishBatchResponse response = delegate.publishBatch(
                    request.toBuilder().publishBatchRequestEntries(passing).build());
            return response.toBuilder()
                    .failed(java.util.stream.Stream.concat(response.failed().stream(), failed.stream())
                            .toList())
                    .build();
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
            // the delegate belongs to the application context
        }
    }
}
