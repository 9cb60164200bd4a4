package dev.awsref.notification.queues;

import dev.awsref.defaults.topology.EnvironmentTopology;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code notification.events}: events handled, by logical queue, event type and outcome (sent, a
 * duplicate, nothing to send). Failures are the listener policy's {@code sqs.listener.failures}.
 */
@Component
public class HandledEvents {

    private final EnvironmentTopology topology;
    private final MeterRegistry meters;

    public HandledEvents(EnvironmentTopology topology, MeterRegistry meters) {
        this.topology = topology;
        this.meters = meters;
    }

    public void count(String physicalQueue, String type, Enum<?> outcome) {
        String queue =
                topology.consumedQueue(physicalQueue).map(q -> q.logicalName()).orElse(physicalQueue);
        meters.counter("notification.events", "queue", queue, "type", type, "outcome", outcome.name())
                .increment();
    }
}
