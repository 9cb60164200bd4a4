package dev.awsref.notification.operations;

import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/queues} on the management port: each consumed queue with its approximate
 * depth and its DLQ's. Behind HTTP basic authentication ({@link OperationsSecurity}).
 */
@Component
@WebEndpoint(id = "queues")
public class QueuesEndpoint {

    private final QueueOperations operations;

    public QueuesEndpoint(QueueOperations operations) {
        this.operations = operations;
    }

    @ReadOperation
    public List<QueueOperations.QueueDepth> queues() {
        return operations.depths();
    }
}
