package dev.awsref.order.ordering;

import dev.awsref.defaults.metrics.SystemMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts orders placed ({@code orders.placed}) once their transaction commits: a placement that
 * rolls back (the outbox row too large, the database gone) is not an order, and a replay of an
 * idempotency key is not a new one.
 */
@Component
public class PlacedOrders {

    private final Counter placed;

    public PlacedOrders(MeterRegistry meters) {
        this.placed = Counter.builder(SystemMetric.ORDERS_PLACED.meterName())
                .description(SystemMetric.ORDERS_PLACED.description())
                .register(meters);
    }

    /** Called inside the placing transaction; counts when (and if) it commits. */
    void countOnCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            placed.increment();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                placed.increment();
            }
        });
    }
}
