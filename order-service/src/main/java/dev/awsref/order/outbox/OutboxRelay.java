package dev.awsref.order.outbox;

import dev.awsref.defaults.metrics.SystemMetric;
import dev.awsref.platform.events.MessageAttributeNames;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes pending outbox rows to SNS and marks them sent once SNS has accepted them.
 *
 * <p><b>Claiming by order.</b> A pass claims whole orders, not rows: it picks up to {@code
 * batchSize} (topic, order) pairs with pending rows, oldest first, and takes a transaction-scoped
 * PostgreSQL advisory lock on each ({@code pg_try_advisory_xact_lock}); pairs another relay holds
 * are skipped. Only then does it lock the pending rows of the pairs it holds ({@code FOR UPDATE
 * SKIP LOCKED}, up to {@code batchSize} rows, in id order). So several instances relay at once
 * without ever splitting one order's rows between them. Rows that a relay without the advisory
 * lock holds (an older version during a rolling deploy) are respected too: an order whose earlier
 * pending row this pass does not hold is left for a later pass.
 *
 * <p><b>Per-order ordering.</b> SNS accepts or rejects each entry of a PublishBatch on its own, so
 * two events of one order in one call could be delivered out of order if the first is rejected and
 * the second accepted. A pass therefore publishes in rounds: round k carries the k-th taken row of
 * every order still in play, split into PublishBatch calls (batching across orders, never within
 * one). Once an event of an order is rejected (or its call fails), that order's later events are
 * held back, not attempted, in this pass; the next pass starts again from the rejected event. So an
 * order's events reach SNS in the order they happened, which SNS FIFO then keeps per message group.
 *
 * <p><b>No spinning.</b> A pass that took rows but could publish none of them (all rejected or held
 * back) counts as failed, so the loop backs off instead of taking the same rows again at once.
 * When SNS fails the relay waits longer after each failed pass: Resilience4j's exponential random
 * backoff (doubling from {@code pollInterval}, full jitter, capped at {@code maxBackoff}) applied to
 * the count of consecutive failures; the current wait is the gauge {@code outbox.relay.backoff}.
 *
 * <p><b>No waiting for the poll.</b> An idle relay waits for {@link OutboxSignal}, which {@link
 * OutboxWriter} raises when a transaction with outbox rows commits, or for the poll interval,
 * whichever comes first; so an order written on this instance is relayed at once, and rows of other
 * instances at the next poll. A failed pass still waits out its whole backoff.
 *
 * <p><b>Publishing in parallel.</b> The topics of a pass are published side by side, and so are
 * the PublishBatch calls of one round (they carry different orders); a round starts only once the
 * previous one has been answered, which keeps each order's events in order. At most as many calls
 * run at once as the {@code sns} bulkhead admits ({@link SnsOutboxPublisher#concurrency()}).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SnsOutboxPublisher publisher;
    private final OutboxProperties properties;
    private final Counter published;
    private final Counter failedPasses;
    private final IntervalFunction backoff;
    private final AtomicLong backoffMillis = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final OutboxSignal signal;
    private volatile boolean running;
    private volatile Thread loop;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SnsOutboxPublisher publisher,
            OutboxProperties properties,
            MeterRegistry meters) {
        this(jdbc, transactions, publisher, properties, meters, new OutboxSignal());
    }

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SnsOutboxPublisher publisher,
            OutboxProperties properties,
            MeterRegistry meters,
            OutboxSignal signal) {
        this.signal = signal;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.properties = properties;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                properties.pollInterval(), 2.0, 1.0, properties.maxBackoff());
        this.published = Counter.builder("outbox.published")
                .description("outbox rows SNS accepted")
                .register(meters);
        this.failedPasses = Counter.builder("outbox.relay.failures")
                .description("relay passes that could not publish")
                .register(meters);
        meters.gauge("outbox.relay.backoff", backoffMillis);
        meters.gauge("outbox.relay.consecutive.failures", consecutiveFailures);
        Gauge.builder(SystemMetric.OUTBOX_PENDING.meterName(), this, OutboxRelay::pendingSafely)
                .description(SystemMetric.OUTBOX_PENDING.description())
                .register(meters);
        Gauge.builder(SystemMetric.OUTBOX_OLDEST_PENDING_AGE.meterName(), this, OutboxRelay::oldestPendingAgeSafely)
                .description(SystemMetric.OUTBOX_OLDEST_PENDING_AGE.description())
                .baseUnit(SystemMetric.OUTBOX_OLDEST_PENDING_AGE.baseUnit())
                .register(meters);
    }

    /**
     * What one pass did.
     *
     * @param taken rows this pass locked
     * @param sent rows SNS accepted and that are now marked sent
     * @param failed SNS could not be reached, or nothing taken could be published (all rejected or
     *     held back behind a rejected event of their order): the loop backs off
     * @param failure why, when failed
     */
    public record Pass(int taken, int sent, boolean failed, String failure) {}

    /**
     * One pass: claim orders, take their rows, publish in per-order rounds, mark. Safe to call from
     * tests while the loop is off.
     */
    public Pass relayOnce() {
        Pass pass = transactions.execute(status -> relayLocked());
        if (pass.failed()) {
            failedPasses.increment();
            consecutiveFailures.incrementAndGet();
        } else {
            consecutiveFailures.set(0);
        }
        return pass;
    }

    private Pass relayLocked() {
        List<OutboxMessage> taken = takeRowsOfClaimedOrders();
        if (taken.isEmpty()) {
            return new Pass(0, 0, false, null);
        }
        List<OutboxMessage> publishable = withoutOrdersHeldElsewhere(taken);
        Map<String, List<OutboxMessage>> byTopic = new LinkedHashMap<>();
        publishable.forEach(
                m -> byTopic.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(m));

        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        Map<Long, String> errors = Collections.synchronizedMap(new LinkedHashMap<>());
        String unreachable = null;
        var calls = new Semaphore(publisher.concurrency());
        try (var topics = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> outcomes = new ArrayList<>();
            for (var topic : byTopic.entrySet()) {
                outcomes.add(
                        topics.submit(() -> publishInRounds(topic.getKey(), topic.getValue(), sent, errors, calls)));
            }
            for (Future<String> outcome : outcomes) {
                String failure = join(outcome);
                unreachable = unreachable == null ? failure : unreachable;
            }
        }
        if (!sent.isEmpty()) {
            jdbc.sql("UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(?)")
                    .param(sent.toArray(Long[]::new))
                    .update();
            published.increment(sent.size());
        }
        errors.forEach((id, error) -> jdbc.sql(
                        "UPDATE outbox SET attempts = attempts + 1, last_error = left(?, 500) WHERE id = ?")
                .params(error, id)
                .update());
        if (unreachable != null) {
            return new Pass(taken.size(), sent.size(), true, unreachable);
        }
        if (sent.isEmpty()) {
            String why = errors.isEmpty()
                    ? "every row taken is behind an earlier event of its order that another relay holds"
                    : "SNS rejected " + errors.size() + " entries, the rest of their orders held back: "
                            + errors.values().iterator().next();
            return new Pass(taken.size(), 0, true, why);
        }
        return new Pass(taken.size(), sent.size(), false, null);
    }

    /**
     * Claims up to {@code batchSize} (topic, order) pairs with an advisory lock each, then locks
     * and returns their pending rows in id order, at most {@code batchSize}.
     */
    private List<OutboxMessage> takeRowsOfClaimedOrders() {
        List<String[]> claimed = jdbc.sql("""
                        WITH candidates AS MATERIALIZED (
                            SELECT topic, aggregate_id, min(id) AS first_id
                            FROM outbox WHERE sent_at IS NULL
                            GROUP BY topic, aggregate_id
                            ORDER BY first_id
                            LIMIT ?)
                        SELECT topic, aggregate_id FROM candidates
                        WHERE pg_try_advisory_xact_lock(hashtextextended(topic || '/' || aggregate_id, 0))
                        ORDER BY first_id""")
                .param(properties.batchSize())
                .query((rs, n) -> new String[] {rs.getString("topic"), rs.getString("aggregate_id")})
                .list();
        if (claimed.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT id, event_id, topic, aggregate_id, event_type, schema_version, payload, traceparent,"
                        + " tracestate FROM outbox WHERE sent_at IS NULL"
                        + " AND (topic, aggregate_id) IN (SELECT * FROM unnest(?::varchar[], ?::varchar[]))"
                        + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                .param(claimed.stream().map(pair -> pair[0]).toArray(String[]::new))
                .param(claimed.stream().map(pair -> pair[1]).toArray(String[]::new))
                .param(properties.batchSize())
                .query((rs, n) -> new OutboxMessage(
                        rs.getLong("id"),
                        rs.getString("event_id"),
                        rs.getString("topic"),
                        rs.getString("aggregate_id"),
                        rs.getString("event_type"),
                        rs.getInt("schema_version"),
                        rs.getString("payload"),
                        traceContext(rs.getString("traceparent"), rs.getString("tracestate"))))
                .list();
    }

    /** The stored propagation fields, without the ones the row does not have. */
    private static Map<String, String> traceContext(String traceparent, String tracestate) {
        Map<String, String> fields = new HashMap<>();
        if (traceparent != null) {
            fields.put(MessageAttributeNames.TRACEPARENT, traceparent);
        }
        if (tracestate != null) {
            fields.put(MessageAttributeNames.TRACESTATE, tracestate);
        }
        return fields;
    }

    /**
     * Publishes one topic's rows: round k holds the k-th row of each order not yet held back, so a
     * PublishBatch call never carries two events of one order.
     *
     * @return why SNS could not be reached, or null
     */
    private String publishInRounds(
            String topic, List<OutboxMessage> messages, List<Long> sent, Map<Long, String> errors, Semaphore calls) {
        Map<String, ArrayDeque<OutboxMessage>> byOrder = new LinkedHashMap<>();
        messages.forEach(m -> byOrder.computeIfAbsent(m.aggregateId(), o -> new ArrayDeque<>())
                .add(m));
        while (!byOrder.isEmpty()) {
            List<OutboxMessage> round = new ArrayList<>();
            for (var pending : byOrder.values()) {
                round.add(pending.removeFirst());
            }
            byOrder.values().removeIf(ArrayDeque::isEmpty);
            List<List<OutboxMessage>> batches = SnsOutboxPublisher.batches(round);
            List<Future<SnsOutboxPublisher.Result>> answers = new ArrayList<>();
            try (var parallel = Executors.newVirtualThreadPerTaskExecutor()) {
                for (List<OutboxMessage> batch : batches) {
                    answers.add(parallel.submit(() -> publishWithin(calls, topic, batch)));
                }
            }
            String unreachable = null;
            for (int b = 0; b < batches.size(); b++) {
                List<OutboxMessage> batch = batches.get(b);
                SnsOutboxPublisher.Result result;
                try {
                    result = answers.get(b).resultNow();
                } catch (IllegalStateException failed) {
                    Throwable cause = answers.get(b).exceptionNow();
                    String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                    batch.forEach(m -> errors.put(m.id(), reason));
                    unreachable = unreachable != null
                            ? unreachable
                            : "SNS " + topic + " failed for " + batch.size() + " messages: " + reason;
                    continue;
                }
                for (OutboxMessage message : batch) {
                    if (result.accepted().contains(message.id())) {
                        sent.add(message.id());
                    } else {
                        byOrder.remove(message.aggregateId()); // hold its later events back
                        errors.put(message.id(), result.rejected().getOrDefault(message.id(), "no result"));
                    }
                }
            }
            if (unreachable != null) {
                return unreachable; // the later rounds of this topic wait for the next pass
            }
        }
        return null;
    }

    /** One PublishBatch call, once fewer than the bulkhead's limit of calls are running. */
    private SnsOutboxPublisher.Result publishWithin(Semaphore calls, String topic, List<OutboxMessage> batch)
            throws InterruptedException {
        calls.acquire();
        try {
            return publisher.publish(topic, batch);
        } finally {
            calls.release();
        }
    }

    private static String join(Future<String> outcome) {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Drops the rows of an order whose earlier pending row this pass does not hold: a relay that
     * locks rows without the advisory lock (an older version, during a rolling deploy) holds it.
     */
    private List<OutboxMessage> withoutOrdersHeldElsewhere(List<OutboxMessage> taken) {
        Set<Long> ours = new HashSet<>();
        taken.forEach(m -> ours.add(m.id()));
        Map<String, Long> highestOurs = new HashMap<>();
        taken.forEach(m -> highestOurs.merge(m.topic() + "|" + m.aggregateId(), m.id(), Math::max));
        Set<String> heldElsewhere = new HashSet<>();
        jdbc.sql("SELECT id, topic, aggregate_id FROM outbox WHERE sent_at IS NULL AND aggregate_id = ANY(?)")
                .param(taken.stream().map(OutboxMessage::aggregateId).distinct().toArray(String[]::new))
                .query(rs -> {
                    String key = rs.getString("topic") + "|" + rs.getString("aggregate_id");
                    long id = rs.getLong("id");
                    Long highest = highestOurs.get(key);
                    if (highest != null && id < highest && !ours.contains(id)) {
                        heldElsewhere.add(key);
                    }
                });
        if (heldElsewhere.isEmpty()) {
            return taken;
        }
        return taken.stream()
                .filter(m -> !heldElsewhere.contains(m.topic() + "|" + m.aggregateId()))
                .toList();
    }

    /**
     * The wait after {@code failures} failed passes in a row, by Resilience4j: random in
     * {@code [0, 2 * poll * 2^(failures-1)]}, capped at {@code maxBackoff}; never zero.
     */
    Duration nextBackoff(int failures) {
        int attempt = Math.clamp(failures, 1, 64); // beyond 64 doublings every wait is the cap anyway
        return Duration.ofMillis(Math.max(1, backoff.apply(attempt)));
    }

    private void loop() {
        while (running) {
            Duration wait = properties.pollInterval();
            try {
                Pass pass = relayOnce();
                if (pass.failed()) {
                    wait = nextBackoff(consecutiveFailures.get());
                    log.warn(
                            "outbox relay: {}; failure {} in a row, next try in {} ms",
                            pass.failure(),
                            consecutiveFailures.get(),
                            wait.toMillis());
                } else if (pass.taken() == properties.batchSize()) {
                    wait = Duration.ZERO; // more is waiting
                }
            } catch (RuntimeException databaseTrouble) {
                consecutiveFailures.incrementAndGet();
                wait = nextBackoff(consecutiveFailures.get());
                log.warn("outbox relay pass failed, next try in {} ms", wait.toMillis(), databaseTrouble);
            }
            backoffMillis.set(consecutiveFailures.get() == 0 ? 0 : wait.toMillis());
            if (!wait.isZero()) {
                try {
                    if (consecutiveFailures.get() > 0) {
                        Thread.sleep(wait); // a backoff is waited out: new rows do not cut it short
                    } else {
                        signal.await(wait);
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Seconds since the oldest pending row was written, by the database's clock (the rows'
     * created_at is its now()); 0 when nothing is pending. A backlog that grows while this stays
     * small is a burst being worked off; a rising age means the relay is stuck.
     */
    private double oldestPendingAgeSafely() {
        try {
            return jdbc.sql("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox"
                            + " WHERE sent_at IS NULL")
                    .query(Double.class)
                    .single();
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    private double pendingSafely() {
        try {
            return jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                    .query(Long.class)
                    .single();
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    @Override
    public void start() {
        if (!properties.relayEnabled()) {
            log.info("outbox relay is switched off (app.outbox.relay-enabled=false)");
            return;
        }
        running = true;
        loop = Thread.ofVirtual().name("outbox-relay").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = loop;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }
}
