package dev.awsref.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * SNS parks a message it cannot deliver to a subscription in that subscription's dead-letter queue
 * (its RedrivePolicy), which must be of the topic's type: a FIFO topic's subscriptions use FIFO
 * queues, a standard topic's standard ones. The model uses the subscribed queue's own DLQ.
 */
class SubscriptionDeadLetterQueueTest {

    private final Topology model = ReferenceTopology.definition();

    @Test
    void everySubscriptionHasADeadLetterQueueOfItsTopicsType() {
        assertThat(model.subscriptions()).isNotEmpty().allSatisfy(subscription -> {
            String deadLetterQueue =
                    model.subscriptionDeadLetterQueue(subscription).orElseThrow();
            assertThat(model.queue(deadLetterQueue).fifo())
                    .as("RedrivePolicy of %s -> %s", subscription.topic(), subscription.queue())
                    .isEqualTo(model.topic(subscription.topic()).fifo());
            assertThat(model.queue(deadLetterQueue).isDeadLetterQueue()).isTrue();
        });
    }

    @Test
    void snsMaySendToADeadLetterQueueForTheTopicsWhoseSubscriptionsParkThere() {
        for (SubscriptionSpec subscription : model.subscriptions()) {
            String deadLetterQueue =
                    model.subscriptionDeadLetterQueue(subscription).orElseThrow();
            assertThat(model.topicsSendingTo(deadLetterQueue)).contains(subscription.topic());
            assertThat(model.topicsSendingTo(subscription.queue())).contains(subscription.topic());
        }
    }
}
