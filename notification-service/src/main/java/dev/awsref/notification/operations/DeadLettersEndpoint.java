package dev.awsref.notification.operations;

import dev.awsref.defaults.topology.EnvironmentTopology;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queue of a consumed queue, named by its logical or physical name:
 *
 * <ul>
 *   <li>{@code GET /actuator/deadletters/{queue}?max=10}: sample messages (a peek, visibility 0),
 *       each with the reason it failed where known;
 *   <li>{@code POST /actuator/deadletters/{queue}} with optional JSON {@code {"maxMessages": 100,
 *       "messagesPerSecond": 10}}: redrive the DLQ into the queue.
 * </ul>
 */
@Component
@WebEndpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private final QueueOperations operations;
    private final EnvironmentTopology queues;

    public DeadLettersEndpoint(QueueOperations operations, EnvironmentTopology queues) {
        this.operations = operations;
        this.queues = queues;
    }

    @ReadOperation
    public WebEndpointResponse<?> sample(@Selector String queue, @Nullable Integer max) {
        return queues.consumedQueue(queue)
                .<WebEndpointResponse<?>>map(
                        q -> new WebEndpointResponse<>(operations.sample(q, max == null ? 10 : max)))
                .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }

    @WriteOperation
    public WebEndpointResponse<?> redrive(
            @Selector String queue, @Nullable Integer maxMessages, @Nullable Integer messagesPerSecond) {
        return queues.consumedQueue(queue)
                .<WebEndpointResponse<?>>map(
                        q -> new WebEndpointResponse<>(operations.redrive(q, maxMessages, messagesPerSecond)))
                .orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
    }
}
