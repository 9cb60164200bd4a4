package dev.awsref.defaults.topology;

import dev.awsref.platform.topology.QueueSpec.Listener;
import java.time.Duration;

/**
 * A queue this service consumes and the dead-letter queue its failed messages go to.
 *
 * @param logicalName the name in the topology, e.g. {@code notification-order-events}
 * @param physicalName the name in this environment, e.g. {@code local-notification-order-events}
 * @param deadLetterQueue the physical name of its DLQ
 * @param fifo whether both are FIFO queues
 * @param maxReceiveCount receives before a message goes to the DLQ
 * @param visibilityTimeout the queue's visibility timeout as the topology declares it
 * @param listener how many messages the listener handles at once and receives per poll
 */
public record ConsumedQueue(
        String logicalName,
        String physicalName,
        String deadLetterQueue,
        boolean fifo,
        int maxReceiveCount,
        Duration visibilityTimeout,
        Listener listener) {}
