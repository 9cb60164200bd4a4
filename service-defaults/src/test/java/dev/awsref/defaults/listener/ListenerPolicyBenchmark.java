package dev.awsref.defaults.listener;

import dev.awsref.testsupport.bench.BenchmarkResult;
import dev.awsref.testsupport.bench.BenchmarkRun;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A benchmark, not a test: {@code ./dev bench listener-policy} runs it with JMH (its name matches
 * neither the surefire nor the failsafe includes); {@code ListenerPolicyBenchmarkSmokeTest} runs it
 * tiny in every build. It measures in-process what the platform's listener policy adds to every
 * message that succeeds: the {@link VisibilityHeartbeat} schedules a beat when the message arrives
 * and cancels it when the listener returns. The baseline builds and consumes the same message
 * with no policy, so the difference is the policy's own cost per message, to set beside the
 * consumer CPU per message in the SQS listener benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ListenerPolicyBenchmark {

    static final String ID = "listener-policy";
    static final String HEARTBEAT = "visibility heartbeat per message (schedule + cancel)";
    static final String BASELINE = "the same message without the policy (baseline)";

    private VisibilityHeartbeat heartbeat;
    private final Visibility visibility = new Visibility() {
        @Override
        public CompletableFuture<Void> changeToAsync(int seconds) {
            return CompletableFuture.completedFuture(null);
        }
    };

    @Setup(Level.Trial)
    public void start() {
        // The service's settings: a beat every 10 s, so a message that ends at once costs no call.
        heartbeat = new VisibilityHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(30), new SimpleMeterRegistry());
    }

    @TearDown(Level.Trial)
    public void stop() {
        heartbeat.close();
    }

    private Message<Object> received() {
        return MessageBuilder.<Object>withPayload("{}")
                .setHeader(
                        SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, UUID.randomUUID().toString())
                .setHeader(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, visibility)
                .build();
    }

    @Benchmark
    public void withoutPolicy(Blackhole hole) {
        hole.consume(received());
    }

    @Benchmark
    public void withHeartbeat(Blackhole hole) {
        Message<Object> message = heartbeat.intercept(received());
        hole.consume(message);
        heartbeat.afterProcessing(message, null);
    }

    /** Iterations and their length: the full run's by default; the smoke test passes tiny ones. */
    record Settings(int iterations, int warmUpIterations, Duration iteration, int forks) {
        static Settings fromProperties() {
            return new Settings(BenchmarkRun.runs(5), 3, Duration.ofSeconds(2), 1);
        }
    }

    @Test
    void measure() throws Exception {
        run(Settings.fromProperties());
    }

    static BenchmarkResult run(Settings settings) throws Exception {
        var bench = new BenchmarkRun(
                ID,
                "The listener policy's own cost per message (JMH)",
                "the nanoseconds per message the platform's visibility heartbeat adds to a message that succeeds"
                        + " (a beat scheduled on arrival and cancelled when the listener returns) with building and"
                        + " consuming the same message without it, measured in-process by JMH (average time, one"
                        + " JMH iteration per run).",
                "the baseline does everything but the policy's two calls, so the difference is the policy alone;"
                        + " set against the consumer CPU per message of the SQS listener benchmark it shows whether"
                        + " the policy is what makes the listener cost more than a plain loop.");
        var options = new OptionsBuilder()
                .include(ListenerPolicyBenchmark.class.getName() + "\\.")
                .warmupIterations(settings.warmUpIterations())
                .warmupTime(TimeValue.milliseconds(settings.iteration().toMillis()))
                .measurementIterations(settings.iterations())
                .measurementTime(TimeValue.milliseconds(settings.iteration().toMillis()))
                .forks(settings.forks())
                .shouldFailOnError(true)
                .build();
        for (RunResult result : new Runner(options).run()) {
            boolean withPolicy = result.getParams().getBenchmark().endsWith("withHeartbeat");
            for (var benchmarkResult : result.getBenchmarkResults()) {
                for (var iteration : benchmarkResult.getIterationResults()) {
                    bench.record(
                            withPolicy ? HEARTBEAT : BASELINE,
                            "ns/message",
                            iteration.getPrimaryResult().getScore());
                }
            }
        }
        return bench.finish();
    }
}
