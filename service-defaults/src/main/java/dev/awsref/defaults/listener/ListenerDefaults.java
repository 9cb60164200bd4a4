package dev.awsref.defaults.listener;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.QueueNotFoundStrategy;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * The container settings every listener shares, set on Spring Cloud AWS's auto-configured factory
 * (which keeps its converters, observation, and picks up {@link DeadLetterPolicy} and
 * {@link VisibilityHeartbeat} as beans):
 *
 * <ul>
 *   <li>acknowledge (delete) a message only when its listener returned: ON_SUCCESS;
 *   <li>long polling: each ReceiveMessage waits up to {@code poll-timeout} (20 s, the SQS maximum);
 *   <li>a missing queue fails start-up: FAIL, never CREATE a queue without its DLQ and policy;
 *   <li>stopping waits {@code shutdown-timeout} for messages in hand; one still in hand then is not
 *       acknowledged and comes back after its visibility timeout, as after a crash.
 * </ul>
 */
public class ListenerDefaults implements BeanPostProcessor {

    private final Duration pollTimeout;
    private final Duration shutdownTimeout;

    public ListenerDefaults(Duration pollTimeout, Duration shutdownTimeout) {
        this.pollTimeout = pollTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
            factory.configure(options -> options.acknowledgementMode(AcknowledgementMode.ON_SUCCESS)
                    .queueNotFoundStrategy(QueueNotFoundStrategy.FAIL)
                    .pollTimeout(pollTimeout)
                    .listenerShutdownTimeout(shutdownTimeout)
                    .acknowledgementShutdownTimeout(shutdownTimeout));
        }
        return bean;
    }
}
