package dev.awsref.platform.topology;

import java.util.Optional;

/**
 * An SNS topic. FIFO topics keep order per message group and deduplicate on the deduplication id.
 * AWS lets a FIFO topic feed a standard queue, but that queue would lose the ordering, so the model
 * pairs FIFO topics only with FIFO queues.
 *
 * @param name logical name, without the environment prefix; FIFO names end in {@code .fifo}
 * @param fifo whether this is a FIFO topic
 * @param publisher the service that publishes to it, if a service does (ops-alerts is fed by alarms)
 */
public record TopicSpec(String name, boolean fifo, Optional<ServiceName> publisher) {

    public static TopicSpec standard(String name, ServiceName publisher) {
        return new TopicSpec(name, false, Optional.ofNullable(publisher));
    }

    public static TopicSpec fifo(String name, ServiceName publisher) {
        return new TopicSpec(name, true, Optional.of(publisher));
    }
}
