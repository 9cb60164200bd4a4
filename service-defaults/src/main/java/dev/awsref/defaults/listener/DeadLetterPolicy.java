package dev.awsref.defaults.listener;

import dev.awsref.defaults.metrics.SystemMetric;
import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.events.EventContractException;
import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.errorhandler.ErrorHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The one failure policy of every {@code @SqsListener} in the system. A listener method that
 * returns has its message acknowledged (deleted). One that throws:
 *
 * <ul>
 *   <li>a poison message ({@link PoisonMessageException}, or an {@link EventContractException}: not
 *       an event this service can read) goes to the queue's dead-letter queue at once, with the
 *       reason, and is acknowledged: no retry can fix it, so retrying only delays the queue;
 *   <li>any other failure leaves the message unacknowledged: it comes back after the visibility
 *       timeout, and on its last allowed receive (the model's maxReceiveCount) it goes to the
 *       dead-letter queue with the reason of that last failure.
 * </ul>
 *
 * <p>Moving the message ourselves keeps the reason with the message, as message attributes that
 * the operations API shows and a redrive carries back. The queue's RedrivePolicy stays as the
 * backstop: a consumer killed while handling the last receive leaves the move to SQS.
 */
public class DeadLetterPolicy implements ErrorHandler<Object> {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPolicy.class);

    private final EnvironmentTopology topology;
    private final DeadLetterSender deadLetters;
    private final MeterRegistry meters;

    public DeadLetterPolicy(EnvironmentTopology topology, DeadLetterSender deadLetters, MeterRegistry meters) {
        this.topology = topology;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Override
    public void handle(Message<Object> message, Throwable failure) {
        Throwable cause = unwrap(failure);
        String queueName = String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER));
        Optional<ConsumedQueue> consumed = topology.consumedQueue(queueName);
        var raw = message.getHeaders()
                .get(SqsHeaders.SQS_SOURCE_DATA_HEADER, software.amazon.awssdk.services.sqs.model.Message.class);
        if (consumed.isEmpty() || raw == null) {
            throw rethrow(failure);
        }
        ConsumedQueue queue = consumed.get();
        int receiveCount = ReceiveCount.of(raw);
        boolean poison = isPoison(cause);
        String reason = LogSafe.reason(cause);
        if (!poison && receiveCount < queue.maxReceiveCount()) {
            count(queue, "retried");
            log.warn(
                    "Message {} on {} failed on receive {} of {}; it comes back after the visibility timeout: {}",
                    raw.messageId(),
                    queue.physicalName(),
                    receiveCount,
                    queue.maxReceiveCount(),
                    reason);
            throw rethrow(failure);
        }
        try {
            deadLetters.send(queue, raw, reason, receiveCount);
        } catch (RuntimeException sendFailed) {
            // Not acknowledged: it comes back, and SQS's redrive policy moves it if we never can.
            log.warn(
                    "Could not move message {} to {}: {}; it stays on {}",
                    raw.messageId(),
                    queue.deadLetterQueue(),
                    LogSafe.reason(sendFailed),
                    queue.physicalName());
            throw rethrow(failure);
        }
        count(queue, poison ? "poison" : "dead-lettered");
        log.warn(
                "Message {} on {} moved to {} after receive {}{}: {}",
                raw.messageId(),
                queue.physicalName(),
                queue.deadLetterQueue(),
                receiveCount,
                poison ? " (poison: no retry can handle it)" : "",
                reason);
    }

    static boolean isPoison(Throwable cause) {
        return cause instanceof PoisonMessageException || cause instanceof EventContractException;
    }

    /**
     * The listener's own exception: the container hands it over wrapped (a CompletionException
     * around an adapter's exception around a ListenerExecutionFailedException, depending on the
     * path), and the wrappers say nothing about the message.
     */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current && isWrapper(current)) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ListenerExecutionFailedException
                || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException
                || t.getClass().getName().startsWith("io.awspring.cloud.sqs.");
    }

    private static RuntimeException rethrow(Throwable failure) {
        return failure instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException(failure.getMessage(), failure);
    }

    /** {@code sqs.listener.failures}: by queue and what the policy did (retried, dead-lettered, poison). */
    private void count(ConsumedQueue queue, String outcome) {
        Counter.builder(SystemMetric.SQS_LISTENER_FAILURES.meterName())
                .description(SystemMetric.SQS_LISTENER_FAILURES.description())
                .tags(SystemMetric.SQS_LISTENER_FAILURES.tags(queue.logicalName(), outcome))
                .register(meters)
                .increment();
    }
}
