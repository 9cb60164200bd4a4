package dev.awsref.notification.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.notification.NotificationServiceApplication;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.TestTopology;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.testsupport.AwsEmulators;
import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Long polling: with a 20 s ReceiveMessage wait, a listener on an idle queue makes about three
 * calls a minute per poller instead of a stream of empty ones (SQS bills every call). The service
 * runs on a topology of its own, so no other test's messages arrive, with its production
 * poll-timeout; an interceptor on its own SQS client counts the ReceiveMessage calls per queue.
 */
@AwsEmulators
class IdleQueuePollingIT {

    private static final TestTopology topology = TestTopology.fresh("it-idle");
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration ONE_MINUTE = Duration.ofSeconds(60);

    /**
     * The bound, from the model: the listener container polls a queue only when it has permits for
     * a full batch, so at most {@code maxConcurrentMessages / maxMessagesPerPoll} polls of a queue
     * are in flight (two for the default 20/10, one for 2/2). On an idle queue each poll waits the
     * whole receive wait (20 s) and comes back empty, so one poller makes 60 s / 20 s = 3 calls a
     * minute, plus one for a poll that started just before the window: 4 per poller, 8 at most.
     */
    static int atMostPerMinute(QueueSpec queue) {
        int pollers =
                queue.listener().maxConcurrentMessages() / queue.listener().maxMessagesPerPoll();
        int perPoller = (int) (ONE_MINUTE.toSeconds() / queue.receiveWait().toSeconds()) + 1;
        return pollers * perPoller;
    }

    /** Counts the ReceiveMessage calls the service's SQS client sends, by queue URL. */
    static final class ReceiveMessageCallCounter implements ExecutionInterceptor {
        static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ReceiveMessageRequest receive) {
                CALLS.computeIfAbsent(receive.queueUrl(), url -> new AtomicInteger())
                        .incrementAndGet();
            }
        }

        static Map<String, Integer> snapshot() {
            Map<String, Integer> copy = new HashMap<>();
            CALLS.forEach((url, count) -> copy.put(url, count.get()));
            return copy;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CountedSqsClient {
        @Bean
        SqsAsyncClientCustomizer countReceiveMessageCalls() {
            return builder ->
                    builder.overrideConfiguration(c -> c.addExecutionInterceptor(new ReceiveMessageCallCounter()));
        }
    }

    private ConfigurableApplicationContext running;

    @AfterEach
    void stopTheService() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void anIdleQueueSeesAtMostAFewReceiveMessageCallsPerMinute() throws InterruptedException {
        running = startWithProductionPollTimeout();
        Thread.sleep(WARM_UP.toMillis()); // the listeners' first polls are under way
        Map<String, Integer> before = ReceiveMessageCallCounter.snapshot();

        Thread.sleep(ONE_MINUTE.toMillis());

        Map<String, Integer> perQueue = new HashMap<>();
        ReceiveMessageCallCounter.snapshot()
                .forEach((url, count) -> perQueue.put(url, count - before.getOrDefault(url, 0)));
        Map<String, QueueSpec> queuesByUrl = new HashMap<>();
        ReferenceTopology.definition()
                .queuesConsumedBy(ServiceName.NOTIFICATION)
                .forEach(queue -> queuesByUrl.put(topology.queueUrl(queue.name()), queue));
        assertThat(perQueue).as("queues the listeners polled").isNotEmpty();
        assertThat(perQueue.keySet()).as("only the model's queues are polled").isSubsetOf(queuesByUrl.keySet());
        System.out.println("[long-polling] ReceiveMessage calls per idle queue in " + ONE_MINUTE + ": " + perQueue);
        assertThat(perQueue)
                .as("ReceiveMessage calls per idle queue in one minute, with a 20 s wait")
                .allSatisfy((url, calls) -> assertThat(calls).isBetween(1, atMostPerMinute(queuesByUrl.get(url))));
        assertThat(queuesByUrl.values())
                .as("no listener of the model polls a queue more than twice at once")
                .allSatisfy(queue -> assertThat(atMostPerMinute(queue)).isBetween(4, 8));
    }

    private static ConfigurableApplicationContext startWithProductionPollTimeout() {
        var properties = new HashMap<String, String>(NotificationIntegrationTest.testProperties(topology));
        properties.put("server.port", "0");
        properties.put("app.listeners.poll-timeout", "20s");
        String[] arguments = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(NotificationServiceApplication.class, CountedSqsClient.class)
                .run(arguments);
    }
}
