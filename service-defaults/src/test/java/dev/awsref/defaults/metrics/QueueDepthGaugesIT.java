package dev.awsref.defaults.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The queue-depth gauges against SQS (the emulator, or whatever {@link AwsTestEnvironment} names):
 * they report the queue's own ApproximateNumberOfMessages for the queue and its DLQ, and they ask
 * for each queue's URL once, not on every refresh. notification-service's queues of the reference
 * topology are created under a prefix of this test's own.
 */
@AwsEmulators
class QueueDepthGaugesIT {

    private final GetQueueUrlCounter getQueueUrlCalls = new GetQueueUrlCounter();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> createdUrls = new ArrayList<>();
    private SqsAsyncClient sqs;
    private EnvironmentTopology topology;
    private ConsumedQueue orderEvents;

    @BeforeEach
    void notificationServicesQueuesUnderAFreshPrefix(AwsTestEnvironment environment) {
        sqs = SqsAsyncClient.builder()
                .endpointOverride(environment.sqs())
                .region(Region.of(environment.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsTestEnvironment.ACCESS_KEY, AwsTestEnvironment.SECRET_KEY)))
                .overrideConfiguration(c -> c.addExecutionInterceptor(getQueueUrlCalls))
                .build();
        String prefix = "qd" + UUID.randomUUID().toString().substring(0, 8);
        topology = EnvironmentTopology.of(
                prefix, environment.region(), EnvironmentTopology.EMULATOR_ACCOUNT_ID, "notification-service");
        for (ConsumedQueue queue : topology.consumedQueues()) {
            create(queue.physicalName(), queue.fifo());
            create(queue.deadLetterQueue(), queue.fifo());
        }
        orderEvents = topology.consumedQueue(ReferenceTopology.NOTIFICATION_ORDER_EVENTS)
                .orElseThrow();
        getQueueUrlCalls.reset();
    }

    @AfterEach
    void deleteTheQueues() {
        createdUrls.forEach(url ->
                sqs.deleteQueue(b -> b.queueUrl(url)).exceptionally(e -> null).join());
        sqs.close();
    }

    @Test
    void theGaugesReportTheMessagesWaitingInAQueueAndInItsDeadLetterQueue() {
        send(orderEvents.physicalName(), 3);
        send(orderEvents.deadLetterQueue(), 2);
        var gauges = new QueueDepthGauges(topology, sqs, meters, Duration.ofSeconds(30));

        // SQS calls the figure approximate and the emulator may update it lazily: wait for it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            gauges.refresh().join();
            assertThat(gauge("queue")).isEqualTo(approximateNumberOfMessages(orderEvents.physicalName()));
            assertThat(gauge("dlq")).isEqualTo(approximateNumberOfMessages(orderEvents.deadLetterQueue()));
            assertThat(gauge("queue")).isEqualTo(3);
            assertThat(gauge("dlq")).isEqualTo(2);
        });
    }

    @Test
    void eachQueuesUrlIsAskedForOnceHoweverOftenTheGaugesRefresh() {
        var gauges = new QueueDepthGauges(topology, sqs, meters, Duration.ofSeconds(30));

        gauges.refresh().join();
        gauges.refresh().join();
        gauges.refresh().join();

        int watchedQueues = 2 * topology.consumedQueues().size();
        assertThat(getQueueUrlCalls.total()).isEqualTo(watchedQueues);
        assertThat(getQueueUrlCalls.byQueue())
                .allSatisfy((queue, calls) ->
                        assertThat(calls).as("GetQueueUrl calls for %s", queue).isEqualTo(1));
    }

    @Test
    void aQueueDeletedAndCreatedAgainIsFoundAgainAndItsDepthRead() {
        var gauges = new QueueDepthGauges(topology, sqs, meters, Duration.ofSeconds(30));
        gauges.refresh().join();
        String dlq = orderEvents.deadLetterQueue();
        String oldUrl = sqs.getQueueUrl(b -> b.queueName(dlq)).join().queueUrl();
        sqs.deleteQueue(b -> b.queueUrl(oldUrl)).join();
        createdUrls.remove(oldUrl);

        gauges.refresh().join(); // SQS says the queue does not exist: the URL is forgotten
        create(dlq, orderEvents.fifo());
        send(dlq, 4);
        getQueueUrlCalls.reset();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            gauges.refresh().join();
            assertThat(gauge("dlq")).isEqualTo(4);
        });
        // Looked up again once the queue was back, then kept however often the loop above refreshed.
        assertThat(getQueueUrlCalls.byQueue()).containsEntry(dlq, 1);
    }

    private double gauge(String role) {
        return meters.get(SystemMetric.SQS_QUEUE_VISIBLE.meterName())
                .tags("queue", ReferenceTopology.NOTIFICATION_ORDER_EVENTS, "role", role)
                .gauge()
                .value();
    }

    private long approximateNumberOfMessages(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
        return Long.parseLong(sqs.getQueueAttributes(
                        b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .join()
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private void create(String name, boolean fifo) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        }
        createdUrls.add(sqs.createQueue(b -> b.queueName(name).attributes(attributes))
                .join()
                .queueUrl());
    }

    private void send(String queue, int count) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
        for (int i = 0; i < count; i++) {
            String body = "message " + i;
            sqs.sendMessage(b -> {
                        b.queueUrl(url).messageBody(body);
                        if (orderEvents.fifo()) {
                            b.messageGroupId("g");
                        }
                    })
                    .join();
        }
    }

    /** Counts the GetQueueUrl requests the real SDK client sends, by queue name. */
    static final class GetQueueUrlCounter implements ExecutionInterceptor {

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetQueueUrlRequest request) {
                calls.computeIfAbsent(request.queueName(), q -> new AtomicInteger())
                        .incrementAndGet();
            }
        }

        void reset() {
            calls.clear();
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        Map<String, Integer> byQueue() {
            Map<String, Integer> copy = new HashMap<>();
            calls.forEach((queue, count) -> copy.put(queue, count.get()));
            return copy;
        }
    }
}
