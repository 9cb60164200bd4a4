package dev.awsref.platform.topology;

import static dev.awsref.platform.topology.ServiceName.NOTIFICATION;
import static dev.awsref.platform.topology.ServiceName.ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.platform.topology.QueueSpec.DeadLetter;
import dev.awsref.platform.topology.SubscriptionSpec.FilterPolicyScope;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopologyValidationTest {

    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);
    private static final Duration FOUR_DAYS = Duration.ofDays(4);
    private static final Duration LONG_POLL = Duration.ofSeconds(20);

    @Test
    void theReferenceTopologyIsValid() {
        var topology = ReferenceTopology.definition();

        // Every work queue comes with its own dead-letter queue of the same type, every stream with
        // a poison-record policy with one, and nothing else is a queue: derived from the model, so
        // adding a queue does not mean editing a count here.
        var workQueues =
                topology.queues().stream().filter(q -> !q.isDeadLetterQueue()).toList();
        long streamDeadLetters = topology.streams().stream()
                .filter(s -> s.poisonRecords().isPresent())
                .count();
        assertThat(topology.queues()).hasSize(2 * workQueues.size() + (int) streamDeadLetters);
        assertThat(workQueues)
                .allSatisfy(q -> assertThat(
                                topology.queue(q.deadLetter().orElseThrow().queueName())
                                        .fifo())
                        .isEqualTo(q.fifo()));
        assertThat(topology.queue("notification-order-lifecycle.fifo").deadLetter())
                .contains(new DeadLetter("notification-order-lifecycle-dlq.fifo", 5));
        assertThat(topology.queue("notification-order-lifecycle-dlq.fifo").fifo())
                .isTrue();
    }

    @Test
    void rejectsAFifoQueueWhoseDeadLetterQueueIsStandardNamingTheQueue() {
        var builder = Topology.builder()
                .queue(queue("orders-dlq", false, Optional.empty()))
                .queue(queue("orders.fifo", true, Optional.of(new DeadLetter("orders-dlq", 5))));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining(
                        "queue 'orders.fifo': is FIFO but its dead-letter queue 'orders-dlq' is standard");
    }

    @Test
    void rejectsAMaxReceiveCountBelowOne() {
        var builder = Topology.builder()
                .queue(queue("orders-dlq", false, Optional.empty()))
                .queue(queue("orders", false, Optional.of(new DeadLetter("orders-dlq", 0))));

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("queue 'orders': maxReceiveCount must be between 1 and 1000, was 0");
    }

    @Test
    void rejectsAFilterPolicyThatIsNotJsonNamingTheSubscription() {
        var builder = Topology.builder()
                .topic(TopicSpec.standard("events", ORDER))
                .queueWithDeadLetter("mail", THIRTY_SECONDS, 5, NOTIFICATION)
                .subscribeFiltered("events", "mail", FilterPolicyScope.MessageAttributes, "{eventType: [OrderPlaced");

        assertThatThrownBy(builder::build)
                .isInstanceOf(InvalidTopologyException.class)
                .hasMessageContaining("subscription 'events' -> 'mail': filter policy is not valid JSON");
    }

    @Test
    void rejectsAStandardTopicDeliveringToAFifoQueue() {
        var builder = Topology.builder()
                .topic(TopicSpec.standard("events", ORDER))
                .queueWithDeadLetter("mail.fifo", THIRTY_SECONDS, 5, NOTIFICATION)
                .subscribe("events", "mail.fifo");

        assertThatThrownBy(builder::build)
                .hasMessageContaining("a FIFO queue is fed only by a FIFO topic here, not by a standard topic");
    }

    @Test
    void rejectsAFifoTopicFeedingAStandardQueueBecauseTheQueueWouldLoseTheOrder() {
        var builder = Topology.builder()
                .topic(TopicSpec.fifo("lifecycle.fifo", ORDER))
                .queueWithDeadLetter("mail", THIRTY_SECONDS, 5, NOTIFICATION)
                .subscribe("lifecycle.fifo", "mail");

        assertThatThrownBy(builder::build).hasMessageContaining("a FIFO topic must feed a FIFO queue");
    }

    @Test
    void rejectsAnHttpsSubscriptionToATopicTheModelDoesNotDeclareOrThatIsFifo() {
        var builder = Topology.builder()
                .topic(TopicSpec.standard("events", ORDER))
                .topic(TopicSpec.fifo("lifecycle.fifo", ORDER))
                .service(ServiceSpec.of(ORDER, 8081, 9081))
                .service(ServiceSpec.of(NOTIFICATION, 8082, 9082)
                        .withSnsHttpsSubscription("missing")
                        .withSnsHttpsSubscription("lifecycle.fifo"));

        assertThatThrownBy(builder::build)
                .hasMessageContaining("HTTPS subscription to undeclared topic 'missing'")
                .hasMessageContaining("FIFO topic 'lifecycle.fifo' cannot deliver to an HTTPS endpoint");
    }

    @Test
    void theReferenceTopologySubscribesOnlyTheNotificationServiceOverHttpsAndOnlyToOrderEvents() {
        var services = ReferenceTopology.definition().services();

        assertThat(services)
                .filteredOn(service -> !service.snsHttpsTopics().isEmpty())
                .singleElement()
                .satisfies(service -> {
                    assertThat(service.name()).isEqualTo(NOTIFICATION);
                    assertThat(service.snsHttpsTopics()).containsExactly(ReferenceTopology.ORDER_EVENTS);
                });
    }

    @Test
    void rejectsADeadLetterQueueThatKeepsMessagesShorterThanItsSource() {
        var shortLived = new QueueSpec(
                "orders-dlq",
                false,
                THIRTY_SECONDS,
                Duration.ofHours(1),
                LONG_POLL,
                Optional.empty(),
                NOTIFICATION,
                QueueSpec.Listener.DEFAULT);
        var builder = Topology.builder()
                .queue(shortLived)
                .queue(queue("orders", false, Optional.of(new DeadLetter("orders-dlq", 5))));

        assertThatThrownBy(builder::build).hasMessageContaining("would expire early");
    }

    @Test
    void theActivityStreamDeadLettersPoisonRecordsToAStandardQueueItsConsumerReads() {
        var topology = ReferenceTopology.definition();
        var stream = topology.stream(ReferenceTopology.USER_ACTIVITY_STREAM);

        var poison = stream.poisonRecords().orElseThrow();
        assertThat(poison.deadLetterQueue()).isEqualTo(ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS);
        assertThat(poison.maxAttempts()).isEqualTo(ReferenceTopology.POISON_RECORD_ATTEMPTS);
        var queue = topology.queue(poison.deadLetterQueue());
        assertThat(queue.fifo()).isFalse();
        assertThat(queue.isDeadLetterQueue()).isTrue();
        assertThat(queue.consumer()).isEqualTo(stream.consumer());
        assertThat(queue.retention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void grantsTheStreamConsumerSendMessageOnItsDeadLetterQueueAndNothingMore() {
        var topology = ReferenceTopology.definition();

        var grants = ModelGrants.of(topology, ServiceName.ANALYTICS);

        var deadLetter = grants.stream()
                .filter(g -> g.sid().equals("DeadLetterPoisonRecordsUserActivity"))
                .findFirst()
                .orElseThrow();
        assertThat(deadLetter.actions()).containsExactly("sqs:SendMessage");
        assertThat(deadLetter.resources())
                .containsExactly(
                        new ModelGrants.Resource(ModelGrants.Kind.QUEUE, ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS));
        assertThat(ModelGrants.of(topology, ORDER))
                .noneMatch(g -> g.resources().stream()
                        .anyMatch(r -> r.name().equals(ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS)));
    }

    @Test
    void rejectsAStreamWhoseDeadLetterQueueIsMissingFifoOrReadByAnotherService() {
        var stream = new StreamSpec("activity", 1, Duration.ofHours(24), ORDER, ORDER);
        var missing = Topology.builder().stream(stream.withPoisonRecords("nowhere", 3));
        var fifo = Topology.builder()
                .queue(new QueueSpec(
                        "dl.fifo",
                        true,
                        THIRTY_SECONDS,
                        Duration.ofDays(14),
                        LONG_POLL,
                        Optional.empty(),
                        ORDER,
                        QueueSpec.Listener.DEFAULT))
                .stream(stream.withPoisonRecords("dl.fifo", 3));
        var otherReader = Topology.builder()
                .queue(new QueueSpec(
                        "dl",
                        false,
                        THIRTY_SECONDS,
                        Duration.ofDays(14),
                        LONG_POLL,
                        Optional.empty(),
                        NOTIFICATION,
                        QueueSpec.Listener.DEFAULT))
                .stream(stream.withPoisonRecords("dl", 0));

        assertThatThrownBy(missing::build).hasMessageContaining("dead-letter queue 'nowhere' is not in the topology");
        assertThatThrownBy(fifo::build).hasMessageContaining("must be a standard queue");
        assertThatThrownBy(otherReader::build)
                .hasMessageContaining("is read by notification-service, but the stream's consumer order-service")
                .hasMessageContaining("attempts must be between 1 and 20");
    }

    @Test
    void aQueueNameMayHaveEightyCharactersCountingTheFifoSuffixAndNotOneMore() {
        String standard = "q".repeat(80);
        String fifo = "q".repeat(75) + ".fifo";

        assertThat(Topology.builder()
                        .queue(queue(standard, false, Optional.empty()))
                        .queue(queue(fifo, true, Optional.empty()))
                        .build()
                        .queues())
                .hasSize(2);
        assertThatThrownBy(Topology.builder()
                        .queue(queue(standard + "q", false, Optional.empty()))
                        .queue(queue("q" + fifo, true, Optional.empty()))::build)
                .isInstanceOfSatisfying(
                        InvalidTopologyException.class,
                        e -> assertThat(e.problems())
                                .hasSize(2)
                                .allSatisfy(p -> assertThat(p).contains("at most 80 characters with the suffix")));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        var builder = Topology.builder()
                .queue(queue("orders-dlq", false, Optional.empty()))
                .queue(queue("orders.fifo", true, Optional.of(new DeadLetter("orders-dlq", 0))))
                .stream(new StreamSpec("activity", 0, Duration.ofHours(1), ORDER, ORDER));

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        InvalidTopologyException.class,
                        e -> assertThat(e.problems()).hasSize(4));
    }

    @Test
    void prefixesNamesInFrontSoFifoSuffixesStayAtTheEnd() {
        var names = new ResourceNames("dev");

        assertThat(names.physical("order-lifecycle.fifo")).isEqualTo("dev-order-lifecycle.fifo");
        assertThat(ResourceNames.unprefixed().physical("order-events")).isEqualTo("order-events");
        assertThatThrownBy(() -> new ResourceNames("Dev_1")).hasMessageContaining("environment prefix 'Dev_1'");
    }

    private static QueueSpec queue(String name, boolean fifo, Optional<DeadLetter> deadLetter) {
        return new QueueSpec(
                name, fifo, THIRTY_SECONDS, FOUR_DAYS, LONG_POLL, deadLetter, NOTIFICATION, QueueSpec.Listener.DEFAULT);
    }
}
