package dev.awsref.defaults.listener;

import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Before any listener container starts: each container gets its queue's listener settings from the
 * model (messages at once, messages per poll), and a container on a queue that the model does not
 * give to this service stops start-up with the reason. Adding a queue is then the model entry and
 * a listener method, with no property keys to invent.
 */
public class ListenersFollowTheModel implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ListenersFollowTheModel.class);

    private final MessageListenerContainerRegistry registry;
    private final EnvironmentTopology topology;
    private volatile boolean running;

    public ListenersFollowTheModel(MessageListenerContainerRegistry registry, EnvironmentTopology topology) {
        this.registry = registry;
        this.topology = topology;
    }

    @Override
    public void start() {
        var problems = new ArrayList<String>();
        for (MessageListenerContainer<?> container : registry.getListenerContainers()) {
            if (!(container instanceof SqsMessageListenerContainer<?> sqs) || sqs.isRunning()) {
                continue;
            }
            for (String queueName : sqs.getQueueNames()) {
                topology.consumedQueue(queueName)
                        .ifPresentOrElse(
                                queue -> apply(sqs, queue),
                                () -> problems.add("listener '" + sqs.getId() + "' receives from '" + queueName
                                        + "', which the topology model does not give to "
                                        + topology.service().id()
                                        + " (it consumes "
                                        + topology.consumedQueues().stream()
                                                .map(ConsumedQueue::physicalName)
                                                .toList() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        running = true;
    }

    private static void apply(SqsMessageListenerContainer<?> container, ConsumedQueue queue) {
        container.configure(
                options -> options.maxConcurrentMessages(queue.listener().maxConcurrentMessages())
                        .maxMessagesPerPoll(queue.listener().maxMessagesPerPoll()));
        log.debug("listener {} on {}: {}", container.getId(), queue.physicalName(), queue.listener());
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the registry starts the containers. */
    @Override
    public int getPhase() {
        return registry instanceof SmartLifecycle lifecycle
                ? lifecycle.getPhase() - 1
                : MessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
