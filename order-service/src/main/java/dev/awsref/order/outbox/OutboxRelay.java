package dev.awsref.order.outbox;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>A pass locks up to {@code batchSize} pending rows with {@code FOR UPDATE SKIP LOCKED}, so
 * several instances can relay at once without taking the same rows. Per topic and order it keeps
 * only rows whose earlier pending rows it holds too: if another instance holds an earlier event of
 * that order, this one leaves the later ones for a later pass, so an order's events leave in the
 * order they happened. When an entry of an order fails, that order's later entries in the same pass
 * are not marked sent either (they may be sent again: consumers de-duplicate on the event id).
 *
 * <p>When SNS fails the relay waits longer after each failed pass: Resilience4j's exponential
 * random backoff (doubling from {@code pollInterval}, full jitter, capped at {@code maxBackoff})
 * applied to the count of consecutive failures; the current wait is the gauge
 * {@code outbox.relay.backoff}.
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
    private volatile boolean running;
    private volatile Thread loop;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SnsOutboxPublisher publisher,
            OutboxProperties properties,
            MeterRegistry meters) {
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
        meters.gauge("outbox.pending", this, OutboxRelay::pendingSafely);
    }

    /** What one pass did. */
    public record Pass(int taken, int sent, boolean failed, String failure) {}

    /**
     * One pass: take, publish, mark. Safe to call from tests while the loop is off.
     *
     * @return what it did; {@code failed} when SNS could not be reached
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
        List<OutboxMessage> taken = jdbc.sql("SELECT id, event_id, topic, aggregate_id, event_type, schema_version,"
                        + " payload, traceparent FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED")
                .param(properties.batchSize())
                .query((rs, n) -> new OutboxMessage(
                        rs.getLong("id"),
                        rs.getString("event_id"),
                        rs.getString("topic"),
                        rs.getString("aggregate_id"),
                        rs.getString("event_type"),
                        rs.getInt("schema_version"),
                        rs.getString("payload"),
                        rs.getString("traceparent")))
                .list();
        if (taken.isEmpty()) {
            return new Pass(0, 0, false, null);
        }
        List<OutboxMessage> publishable = withoutOrdersHeldElsewhere(taken);
        Map<String, List<OutboxMessage>> byTopic = new LinkedHashMap<>();
        publishable.forEach(
                m -> byTopic.computeIfAbsent(m.topic(), t -> new ArrayList<>()).add(m));

        List<Long> sent = new ArrayList<>();
        Map<Long, String> errors = new HashMap<>();
        boolean failed = false;
        String failure = null;
        for (var topic : byTopic.entrySet()) {
            Set<String> blockedOrders = new HashSet<>();
            for (List<OutboxMessage> batch : SnsOutboxPublisher.batches(topic.getValue())) {
                SnsOutboxPublisher.Result result;
                try {
                    result = publisher.publish(topic.getKey(), batch);
                } catch (RuntimeException unreachable) {
                    String reason = unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage();
                    batch.forEach(m -> errors.put(m.id(), reason));
                    failure = "SNS " + topic.getKey() + " failed for " + batch.size() + " messages: " + reason;
                    failed = true;
                    break;
                }
                for (OutboxMessage message : batch) {
                    if (blockedOrders.contains(message.aggregateId())) {
                        continue;
                    }
                    if (result.accepted().contains(message.id())) {
                        sent.add(message.id());
                    } else {
                        blockedOrders.add(message.aggregateId());
                        errors.put(message.id(), result.rejected().getOrDefault(message.id(), "no result"));
                    }
                }
            }
            if (failed) {
                break;
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
        return new Pass(taken.size(), sent.size(), failed, failure);
    }

    /** Drops rows of an order whose earlier pending row another relay instance holds. */
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
                    Thread.sleep(wait);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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
