package dev.awsref.analytics.consume;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;

/**
 * The live KCL worker, part of {@code /readyz} (the readiness group in application.yml): turning
 * the activity stream into aggregates is this service's job, so it is ready only once the worker
 * has STARTED (leases checked, its process loop reading the shards it holds).
 *
 * <ul>
 *   <li>{@code OUT_OF_SERVICE} while the application is prepared or the worker initialises: the
 *       service started quickly, the rest is on its way;
 *   <li>{@code DOWN} when it will not come by itself: preparing failed for longer than the
 *       consumer retries, or KCL gave up initialising; the detail says why;
 *   <li>{@code UP} once started, and when the consumer is switched off
 *       ({@code analytics.consumer.enabled=false}): then there is nothing to wait for.
 * </ul>
 */
@Component
class KclWorkerHealthIndicator implements HealthIndicator {

    private final ObjectProvider<LiveConsumer> consumer;

    KclWorkerHealthIndicator(ObjectProvider<LiveConsumer> consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        LiveConsumer live = consumer.getIfAvailable();
        if (live == null) {
            return Health.up().withDetail("consumer", "disabled").build();
        }
        var failure = live.failure();
        if (failure.isPresent()) {
            return Health.down().withDetail("error", failure.get().toString()).build();
        }
        var state = live.workerState();
        if (state.isPresent() && state.get() == WorkerState.STARTED) {
            return Health.up().withDetail("worker", WorkerState.STARTED).build();
        }
        var starting =
                Health.outOfService().withDetail("worker", state.map(Enum::name).orElse("PREPARING"));
        live.lastPrepareFailure().ifPresent(e -> starting.withDetail("lastError", e.toString()));
        return starting.build();
    }
}
