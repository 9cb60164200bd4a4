package dev.awsref.defaults.metrics;

import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.messaging.Message;

/**
 * Times every message an {@code @SqsListener} handles: {@code sqs.listener.messages} by queue (the
 * model's name, so the same series in every environment) and outcome ({@code success} when the
 * listener returned, {@code failure} when it threw; what happened next is {@code
 * sqs.listener.failures}). An interceptor rather than Spring Cloud AWS's observation, so the count
 * does not depend on whether tracing is switched on.
 */
public class ListenerMeters implements MessageInterceptor<Object> {

    private final EnvironmentTopology topology;
    private final MeterRegistry meters;
    /** By receipt handle: unique per receive, the same on every copy of the message the container makes. */
    private final Map<String, Timer.Sample> started = new ConcurrentHashMap<>();

    public ListenerMeters(EnvironmentTopology topology, MeterRegistry meters) {
        this.topology = topology;
        this.meters = meters;
    }

    @Override
    public Message<Object> intercept(Message<Object> message) {
        String receipt = receiptOf(message);
        if (receipt != null) {
            started.put(receipt, Timer.start(meters));
        }
        return message;
    }

    @Override
    public void afterProcessing(Message<Object> message, Throwable failure) {
        String receipt = receiptOf(message);
        Timer.Sample sample = receipt == null ? null : started.remove(receipt);
        if (sample == null) {
            return;
        }
        sample.stop(Timer.builder(SystemMetric.SQS_LISTENER_MESSAGES.meterName())
                .description(SystemMetric.SQS_LISTENER_MESSAGES.description())
                .tags(SystemMetric.SQS_LISTENER_MESSAGES.tags(
                        queueOf(message), failure == null ? "success" : "failure"))
                .register(meters));
    }

    private String queueOf(Message<Object> message) {
        String physical = String.valueOf(message.getHeaders().get(SqsHeaders.SQS_QUEUE_NAME_HEADER));
        return topology.consumedQueue(physical).map(ConsumedQueue::logicalName).orElse(physical);
    }

    private static String receiptOf(Message<Object> message) {
        return message.getHeaders().get(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, String.class);
    }

    /** Messages started and not yet finished. */
    int inHand() {
        return started.size();
    }
}
