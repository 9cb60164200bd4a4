package dev.awsref.defaults.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class ListenerMetersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListenerMeters listenerMeters = new ListenerMeters(
            EnvironmentTopology.of("local", "us-east-1", "000000000000", "notification-service"), meters);

    @Test
    void aMessageTheListenerReturnedOnCountsAsASuccessUnderTheQueuesModelName() {
        Message<Object> message = received("receipt-1");

        listenerMeters.afterProcessing(listenerMeters.intercept(message), null);

        assertThat(count("success")).isEqualTo(1);
        assertThat(count("failure")).isZero();
        assertThat(listenerMeters.inHand()).isZero();
    }

    @Test
    void aMessageTheListenerThrewOnCountsAsAFailure() {
        Message<Object> message = received("receipt-2");

        listenerMeters.afterProcessing(listenerMeters.intercept(message), new IllegalStateException("boom"));

        assertThat(count("failure")).isEqualTo(1);
        assertThat(count("success")).isZero();
    }

    @Test
    void aCopyOfTheMessageWithTheSameReceiptEndsTheSameTiming() {
        Message<Object> message = received("receipt-3");
        listenerMeters.intercept(message);

        listenerMeters.afterProcessing(MessageBuilder.fromMessage(message).build(), null);

        assertThat(count("success")).isEqualTo(1);
        assertThat(listenerMeters.inHand()).isZero();
    }

    private long count(String outcome) {
        var timer = meters.find(SystemMetric.SQS_LISTENER_MESSAGES.meterName())
                .tags("queue", ReferenceTopology.NOTIFICATION_ORDER_EVENTS, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private static Message<Object> received(String receipt) {
        return MessageBuilder.<Object>withPayload("body")
                .setHeader(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, receipt)
                .setHeader(SqsHeaders.SQS_QUEUE_NAME_HEADER, "local-" + ReferenceTopology.NOTIFICATION_ORDER_EVENTS)
                .build();
    }
}
