package dev.awsref.defaults.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class VisibilityHeartbeatTest {

    private final AtomicInteger extensions = new AtomicInteger();

    @Test
    void theBeatStopsWhenProcessingEndsEvenIfTheContainerHandsBackACopyOfTheMessage() throws Exception {
        try (var heartbeat =
                new VisibilityHeartbeat(Duration.ofMillis(20), Duration.ofSeconds(1), new SimpleMeterRegistry())) {
            Message<Object> received = message("receipt-1");
            heartbeat.intercept(received);
            Thread.sleep(100);
            assertThat(extensions.get()).isPositive();

            // A copy has a new Spring message id, but the same receipt handle.
            heartbeat.afterProcessing(MessageBuilder.fromMessage(received).build(), null);
            int afterStop = extensions.get();
            Thread.sleep(100);

            assertThat(heartbeat.beating()).isZero();
            assertThat(extensions.get()).isLessThanOrEqualTo(afterStop + 1);
        }
    }

    @Test
    void extendingMustBeMoreFrequentThanTheTimeItBuys() {
        assertThatThrownBy(() -> new VisibilityHeartbeat(
                        Duration.ofSeconds(30), Duration.ofSeconds(30), new SimpleMeterRegistry()))
                .hasMessageContaining("must be positive and shorter than extend-to");
    }

    private Message<Object> message(String receipt) {
        Visibility visibility = new Visibility() {
            @Override
            public CompletableFuture<Void> changeToAsync(int seconds) {
                extensions.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            }
        };
        return MessageBuilder.<Object>withPayload("body")
                .setHeader(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, receipt)
                .setHeader(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, visibility)
                .build();
    }
}
