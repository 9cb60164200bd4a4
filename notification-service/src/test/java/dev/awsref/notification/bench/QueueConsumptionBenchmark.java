package dev.awsref.notification.bench;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.ProjectRoot;
import dev.awsref.testsupport.bench.BenchmarkApp;
import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
import io.awspring.cloud.sqs.listener.MessageListenerContainer;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A benchmark, not a test: {@code ./dev bench sqs-listener-vs-loop} runs it (its name matches neither
 * the surefire nor the failsafe includes, so a build never does); {@code QueueConsumptionBenchmarkSmokeIT}
 * runs it tiny in every build so it cannot rot.
 *
 * <ol>
 *   <li>Throughput: the same number of pre-filled messages drained by notification-service's
 *       listener configuration ({@link ListenerBenchApplication}: the platform's listener policy on
 *       the model's queue, a listener that does no work) and by a plain SDK loop on one thread
 *       (ReceiveMessage 10, DeleteMessageBatch), alternating, run after run.
 *   <li>ReceiveMessage calls on an idle queue: short polling (WaitTimeSeconds 0, in a tight loop as a
 *       naive consumer does) and long polling (20 s), per minute.
 * </ol>
 */
public final class QueueConsumptionBenchmark {

    static final String ID = "sqs-listener-vs-loop";
    static final String RATIO = "listener ÷ plain loop";
    /** The former default (one poll's worth in flight), measured beside the model's setting. */
    private static final int ONE_POLL = 10;

    static final String ONE_POLL_RATIO = "listener, " + ONE_POLL + " in flight (one poll at a time) ÷ plain loop";

    /** Sizes of one invocation: the full run's by default, {@code bench.*} properties override. */
    record Settings(int runs, int messages, int warmUp, int shortPollSeconds, int longPollSeconds, int longPollWait) {
        static Settings fromProperties() {
            return new Settings(
                    BenchmarkRun.runs(5),
                    BenchmarkRun.size("messages", 5000),
                    // As many as a run: the listener's code path (SDK async pipeline, Netty, Spring
                    // messaging) is far larger than the loop's, and with 1,000 it was still being
                    // compiled in the first run (twice the CPU per message of the later runs).
                    BenchmarkRun.size("warm-up", 5000),
                    BenchmarkRun.size("short-poll-seconds", 5),
                    BenchmarkRun.size("long-poll-seconds", 40),
                    20);
        }
    }

    @Test
    void measure() throws Exception {
        run(Settings.fromProperties());
    }

    static BenchmarkResult run(Settings settings) throws Exception {
        var bench = new BenchmarkRun(
                ID,
                "SQS listener container vs a plain receive/delete loop",
                "the messages per second that notification-service's listener configuration (Spring Cloud AWS's"
                        + " container with the platform's listener policy, on the model's queue) drains from a"
                        + " pre-filled queue with those of a plain one-thread SDK loop (ReceiveMessage of 10,"
                        + " DeleteMessageBatch), each side on its own queue of the same size, alternating run after"
                        + " run; the same container with one poll's worth in flight (10, the former default) beside"
                        + " it; and the ReceiveMessage calls a minute on an idle queue with short and with long"
                        + " polling.",
                "the loop is the least a consumer can do per message (one receive and one delete call per 10"
                        + " messages, no threads, no conversion) and its listener does no work either, so the ratio"
                        + " is the container's own cost; the listener's poll timeout is 1 s like the loop's"
                        + " WaitTimeSeconds (it only decides how long an empty poll waits, and lets a container"
                        + " stop between runs in a second).");
        var aws = AwsTestEnvironment.get();
        try (var clients = new AwsClients(AwsEndpoints.of(aws.region(), aws.endpoints()));
                var topology = EphemeralTopology.provision(
                        clients, ReferenceTopology.definition().messagingOnly(), "bench");
                var context = start(topology.prefix())) {
            SqsClient sqs = clients.sqs();
            String listenerQueue = topology.queueUrl("notification-order-events");
            String loopQueue = sqs.createQueue(b -> b.queueName(topology.prefix() + "-sdk-loop"))
                    .queueUrl();
            String idleQueue = sqs.createQueue(b -> b.queueName(topology.prefix() + "-idle"))
                    .queueUrl();
            var listener = context.getBean(ListenerBenchApplication.CountingListener.class);
            MessageListenerContainer<?> container = context.getBean(MessageListenerContainerRegistry.class)
                    .getContainerById("notification-order-events");
            container.stop(); // started with the context; each run starts it on a filled queue
            try {
                // Warm-up (JIT, connection pools), then the measured runs.
                fill(sqs, loopQueue, settings.warmUp());
                sdkLoop(sqs, loopQueue, settings.warmUp());
                fill(sqs, listenerQueue, settings.warmUp());
                drainWithListener(container, listener, settings.warmUp());
                for (int run = 0; run < settings.runs(); run++) {
                    Drained byLoop = drain(
                            sqs, loopQueue, settings.messages(), () -> sdkLoop(sqs, loopQueue, settings.messages()));
                    double loop = byLoop.perSecond();
                    var loopCpu = byLoop.cpu();
                    // The model's setting, and beside it the same container with only one poll's worth in
                    // flight (the former default: it polls only when a whole batch is done), in turns, so
                    // that neither always runs right after the loop.
                    Drained byListener = null;
                    Drained onePoll = null;
                    for (int turn = 0; turn < 2; turn++) {
                        if ((turn + run) % 2 == 0) {
                            byListener = drain(
                                    sqs,
                                    listenerQueue,
                                    settings.messages(),
                                    () -> drainWithListener(container, listener, settings.messages()));
                        } else {
                            onePoll = drain(
                                    sqs,
                                    listenerQueue,
                                    settings.messages(),
                                    () -> withMaxConcurrent(
                                            container,
                                            ONE_POLL,
                                            () -> drainWithListener(container, listener, settings.messages())));
                        }
                    }
                    var listenerCpu = byListener.cpu();
                    bench.record("plain SDK loop, 1 thread", "msg/s", loop);
                    bench.record("listener container", "msg/s", byListener.perSecond());
                    bench.record(RATIO, "ratio", ">= 0.9", byListener.perSecond() / loop);
                    bench.record("consumer CPU per 1,000 messages, loop", "ms", loopCpu.consumerMillis());
                    bench.record("consumer CPU per 1,000 messages, listener", "ms", listenerCpu.consumerMillis());
                    bench.record(ONE_POLL_RATIO, "ratio", onePoll.perSecond() / loop);
                    bench.record(
                            "consumer CPU per 1,000 messages, listener " + ONE_POLL + " in flight",
                            "ms",
                            onePoll.cpu().consumerMillis());
                    if (listenerCpu.emulatorMillis() >= 0) {
                        bench.record("emulator CPU per 1,000 messages, loop", "ms", loopCpu.emulatorMillis());
                        bench.record("emulator CPU per 1,000 messages, listener", "ms", listenerCpu.emulatorMillis());
                    }
                }
                double shortPerMinute = receivesPerMinute(sqs, idleQueue, 0, settings.shortPollSeconds());
                double longPerMinute = receivesPerMinute(
                        sqs, idleQueue, Math.min(20, settings.longPollWait()), settings.longPollSeconds());
                bench.record("idle queue: ReceiveMessage calls a minute, short polling", "calls/min", shortPerMinute);
                bench.record("idle queue: ReceiveMessage calls a minute, long polling", "calls/min", longPerMinute);
                bench.record(
                        "idle queue: short ÷ long polling calls", "ratio", ">= 20", shortPerMinute / longPerMinute);
            } finally {
                sqs.deleteQueue(b -> b.queueUrl(loopQueue));
                sqs.deleteQueue(b -> b.queueUrl(idleQueue));
            }
        }
        return bench.finish();
    }

    private static ConfigurableApplicationContext start(String prefix) {
        return BenchmarkApp.of(ListenerBenchApplication.class)
                .topology(prefix)
                .database(FreshDatabase.create("notifications"))
                .with("spring.main.web-application-type", "none")
                .with("app.listeners.poll-timeout", "1s")
                .with("app.listeners.shutdown-timeout", "5s")
                .start();
    }

    static void fill(SqsClient sqs, String url, int messages) {
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

    interface Drain {
        double run() throws InterruptedException;
    }

    record Drained(double perSecond, CpuTime cpu) {}

    /** Fills the queue, then drains it the given way: messages per second and the CPU it took. */
    private static Drained drain(SqsClient sqs, String url, int messages, Drain drain) throws InterruptedException {
        fill(sqs, url, messages);
        var cpu = CpuTime.start();
        double perSecond = drain.run();
        return new Drained(perSecond, cpu.stop(messages));
    }

    private static double withMaxConcurrent(MessageListenerContainer<?> container, int inFlight, Drain drain)
            throws InterruptedException {
        var sqsContainer = (SqsMessageListenerContainer<?>) container;
        int modelValue = sqsContainer.getContainerOptions().getMaxConcurrentMessages();
        sqsContainer.configure(options -> options.maxConcurrentMessages(inFlight));
        try {
            return drain.run();
        } finally {
            sqsContainer.configure(options -> options.maxConcurrentMessages(modelValue));
        }
    }

    private static double drainWithListener(
            MessageListenerContainer<?> container, ListenerBenchApplication.CountingListener listener, int messages)
            throws InterruptedException {
        var processed = listener.expect(messages);
        long start = System.nanoTime();
        container.start();
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

    /**
     * CPU spent per 1,000 messages by this JVM (the consumer; nothing else runs in it meanwhile) and,
     * when tools/emulators.sh started it, by fauxqs: on two cores the emulator and the consumer share
     * the CPU, so a consumer that costs more CPU per message leaves the emulator less of it.
     */
    record CpuTime(long startNanos, long startTicks, double consumerMillis, double emulatorMillis) {

        private static final Path EMULATOR_PID = ProjectRoot.find().resolve("tools/.run/fauxqs.pid");

        static CpuTime start() {
            return new CpuTime(consumerNanos(), emulatorTicks(), 0, 0);
        }

        CpuTime stop(int messages) {
            long ticks = emulatorTicks();
            double perThousand = 1000.0 / messages;
            return new CpuTime(
                    0,
                    0,
                    (consumerNanos() - startNanos) / 1e6 * perThousand,
                    ticks < 0 || startTicks < 0 ? -1 : (ticks - startTicks) * 10.0 * perThousand);
        }

        private static long consumerNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** utime + stime of the emulator, in clock ticks of 10 ms; -1 if it is not ours to see. */
        private static long emulatorTicks() {
            try {
                String pid = Files.readString(EMULATOR_PID).trim();
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException notVisible) {
                return -1;
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
