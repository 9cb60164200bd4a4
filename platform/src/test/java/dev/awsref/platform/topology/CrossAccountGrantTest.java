package dev.awsref.platform.topology;

import static dev.awsref.platform.topology.ServiceName.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CrossAccountGrantTest {

    private static Topology.Builder inboxAndTopic() {
        return Topology.builder()
                .topic(TopicSpec.standard("order-events", ORDER))
                .queueWithDeadLetter("partner-inbox", Duration.ofSeconds(30), 5, ORDER);
    }

    @Test
    void theReferenceTopologyGrantsNoOtherAccount() {
        var topology = ReferenceTopology.definition();

        assertThat(topology.crossAccountGrants()).isEmpty();
        topology.queues()
                .forEach(q -> assertThat(topology.accountsSendingTo(q.name())).isEmpty());
        topology.topics()
                .forEach(t ->
                        assertThat(topology.accountsSubscribingTo(t.name())).isEmpty());
    }

    @Test
    void aNamedAccountMaySendToOneQueueAndSubscribeToOneTopicAndNothingElse() {
        var topology = inboxAndTopic()
                .allowAccountToSend("444455556666", "partner-inbox")
                .allowAccountToSubscribe("444455556666", "order-events")
                .build();

        assertThat(topology.accountsSendingTo("partner-inbox")).containsExactly("444455556666");
        assertThat(topology.accountsSendingTo("partner-inbox-dlq")).isEmpty();
        assertThat(topology.accountsSubscribingTo("order-events")).containsExactly("444455556666");
        assertThat(topology.messagingOnly().accountsSendingTo("partner-inbox")).containsExactly("444455556666");
    }

    @Test
    void rejectsAGrantToAnAccountIdThatIsNotTwelveDigitsNamingIt() {
        assertThatThrownBy(() -> inboxAndTopic()
                        .allowAccountToSend("4444-5555-6666", "partner-inbox")
                        .build())
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("'4444-5555-6666'")
                .hasMessageContaining("12 digits");
    }

    @Test
    void rejectsAGrantOnAnUndeclaredQueueOrTopicOrOnADeadLetterQueue() {
        assertThatThrownBy(() -> inboxAndTopic()
                        .allowAccountToSend("444455556666", "missing")
                        .allowAccountToSubscribe("444455556666", "missing-topic")
                        .allowAccountToSend("444455556666", "partner-inbox-dlq")
                        .build())
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("queue 'missing' is not in the topology")
                .hasMessageContaining("topic 'missing-topic' is not in the topology")
                .hasMessageContaining("'partner-inbox-dlq' is a dead-letter queue");
    }
}
