package dev.awsref.notification.bench;

import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import io.awspring.cloud.sqs.listener.acknowledgement.handler.AcknowledgementMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Not a test: prints figures for docs/long-polling-and-visibility.md. Run against the local
 * emulator (fauxqs on 127.0.0.1:4566 unless AWS_ENDPOINT_URL_SQS says otherwise):
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl notification-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp notification-service/target/test-classes:notification-service/target/classes:$(cat notification-service/target/cp.txt) \
 *     dev.awsref.notification.bench.QueueConsumptionBenchmark [messages] [idle-seconds]
 * </pre>
 *
 * <ol>
 *   <li>Throughput: the same number of pre-filled messages drained by the Spring Cloud AWS listener
 *       container that {@code @SqsListener} builds (receive 10 per poll, 50 in flight, ON_SUCCESS
 *       acknowledgement in batches) and by a plain SDK loop on one thread (receive 10, delete
 *       batch). The listener does no work per message in either case.
 *   <li>ReceiveMessage calls on an idle queue: short polling (WaitTimeSeconds 0, in a tight loop as
 *       a naive consumer does) and long polling (20 s), extrapolated to calls per minute.
 * </ol>
 */
public final class QueueConsumptionBenchmark {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        URI endpoint = URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:4566"));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        var queues = new ArrayList<String>();
        try (var sqs = SqsClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .build();
                var async = SqsAsyncClient.builder()
                        .endpointOverride(endpoint)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .build()) {
            String loopQueue = create(sqs, run + "-sdk-loop", queues);
            String listenerQueue = create(sqs, run + "-listener", queues);
            String idleQueue = create(sqs, run + "-idle", queues);

            // Warm-up (JIT, connection pools), then the measured runs.
            fill(sqs, loopQueue, 500);
            sdkLoop(sqs, loopQueue, 500);
            fill(sqs, listenerQueue, 500);
            listenerContainer(async, run + "-listener", 500);

            fill(sqs, loopQueue, messages);
            double loop = sdkLoop(sqs, loopQueue, messages);
            fill(sqs, listenerQueue, messages);
            double listener = listenerContainer(async, run + "-listener", messages);

            double shortPerMinute = receivesPerMinute(sqs, idleQueue, 0, Math.min(idleSeconds, 10));
            double longPerMinute = receivesPerMinute(sqs, idleQueue, 20, idleSeconds);

            System.out.printf(
                    Locale.ROOT,
                    "endpoint %s, %d messages, %d cores%n",
                    endpoint,
                    messages,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "plain SDK receive(10)+deleteBatch loop, 1 thread: %8.0f msg/s%n", loop);
            System.out.printf(
                    Locale.ROOT, "listener container (50 in flight, ON_SUCCESS):     %8.0f msg/s%n", listener);
            System.out.printf(
                    Locale.ROOT, "ratio listener / SDK loop:                         %8.2f%n", listener / loop);
            System.out.printf(
                    Locale.ROOT,
                    "idle queue, ReceiveMessage calls per minute: short polling %.0f, long polling (20 s) %.1f%n",
                    shortPerMinute,
                    longPerMinute);
            System.out.printf(
                    Locale.ROOT,
                    "ratio short / long polling:                        %8.0f%n",
                    shortPerMinute / longPerMinute);
        } finally {
            try (var sqs = SqsClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(credentials)
                    .build()) {
                queues.forEach(url -> sqs.deleteQueue(b -> b.queueUrl(url)));
            }
        }
    }

    private static String create(SqsClient sqs, String name, List<String> created) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        created.add(url);
        return url;
    }

    private static void fill(SqsClient sqs, String url, int messages) {
        for (int sent = 0; sent < messages; sent += 10) {
            int base = sent;
            var entries = IntStream.range(0, Math.min(10, messages - sent))
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                            .id("m" + i)
                            .messageBody("{\"n\":" + (base + i) + "}")
                            .build())
                    .toList();
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
    }

    private static double sdkLoop(SqsClient sqs, String url, int messages) {
        long start = System.nanoTime();
        int done = 0;
        while (done < messages) {
            List<Message> batch = sqs.receiveMessage(
                            b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (batch.isEmpty()) {
                continue;
            }
            var deletes = new ArrayList<DeleteMessageBatchRequestEntry>();
            for (int i = 0; i < batch.size(); i++) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id("d" + i)
                        .receiptHandle(batch.get(i).receiptHandle())
                        .build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
            done += batch.size();
        }
        return messages / seconds(start);
    }

    private static double listenerContainer(SqsAsyncClient sqs, String queueName, int messages)
            throws InterruptedException {
        var processed = new CountDownLatch(messages);
        var container = SqsMessageListenerContainer.<Object>builder()
                .sqsAsyncClient(sqs)
                .queueNames(queueName)
                .configure(options -> options.maxConcurrentMessages(50)
                        .maxMessagesPerPoll(10)
                        .pollTimeout(Duration.ofSeconds(1))
                        .acknowledgementMode(AcknowledgementMode.ON_SUCCESS))
                .messageListener(message -> processed.countDown())
                .build();
        container.start(); // returns once its pollers run; queue look-up is not measured
        long start = System.nanoTime();
        try {
            if (!processed.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the listener did not drain the queue in 10 minutes");
            }
            return messages / seconds(start);
        } finally {
            container.stop();
        }
    }

    private static double receivesPerMinute(SqsClient sqs, String url, int waitSeconds, int forSeconds) {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(forSeconds);
        int calls = 0;
        while (System.nanoTime() < end) {
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds));
            calls++;
        }
        return calls / seconds(start) * 60;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
