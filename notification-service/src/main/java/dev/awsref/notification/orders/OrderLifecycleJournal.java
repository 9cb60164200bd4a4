package dev.awsref.notification.orders;

import dev.awsref.platform.events.EventEnvelope;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each order's events in the order the FIFO queue delivered them. SQS FIFO hands out one message
 * group (one order) to one consumer at a time, in order, so {@code seq} here is the publish order;
 * the FIFO test reads it back.
 */
@Repository
public class OrderLifecycleJournal {

    private final JdbcClient jdbc;

    public OrderLifecycleJournal(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends the event to its order's journal; a redelivered event is not appended twice. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean append(EventEnvelope<?> event) {
        return jdbc.sql("""
                        INSERT INTO order_lifecycle (order_id, seq, event_id, event_type, occurred_at)
                        SELECT :orderId, coalesce(max(seq), 0) + 1, :eventId, :eventType, :occurredAt
                        FROM order_lifecycle WHERE order_id = :orderId
                        ON CONFLICT (event_id) DO NOTHING""")
                        .param("orderId", event.subject())
                        .param("eventId", event.id())
                        .param("eventType", event.type())
                        .param("occurredAt", Timestamp.from(event.time()))
                        .update()
                == 1;
    }

    /** The event ids of one order, in journal order. */
    public List<String> eventIds(String orderId) {
        return jdbc.sql("SELECT event_id FROM order_lifecycle WHERE order_id = :orderId ORDER BY seq")
                .param("orderId", orderId)
                .query(String.class)
                .list();
    }
}
