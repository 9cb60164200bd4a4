package dev.awsref.defaults.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JMH benchmark at its smallest, in every build, so it cannot rot: it must run and give figures, never a time. */
class ListenerPolicyBenchmarkSmokeTest {

    @Test
    void theJmhBenchmarkRunsAndGivesBothFigures() throws Exception {
        var result = ListenerPolicyBenchmark.run(new ListenerPolicyBenchmark.Settings(1, 0, Duration.ofMillis(100), 0));

        assertThat(result.figure(ListenerPolicyBenchmark.HEARTBEAT).samples())
                .singleElement()
                .satisfies(nanos -> assertThat(nanos).isPositive());
        assertThat(result.figure(ListenerPolicyBenchmark.BASELINE).samples()).hasSize(1);
    }
}
