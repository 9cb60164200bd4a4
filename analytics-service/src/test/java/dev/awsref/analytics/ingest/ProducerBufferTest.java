package dev.awsref.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The producer's batching and retry rules over PutRecords responses built with the SDK's own model
 * builders: this tests our policy, not Kinesis, which is why it needs no emulator (kinesis-local
 * never fails single entries, so the partial-failure path cannot be provoked there).
 */
class ProducerBufferTest {

    private static final long LINGER = Duration.ofMillis(50).toNanos();
    private static final BackoffStrategy BACKOFF =
            BackoffStrategy.exponentialDelayHalfJitter(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final ProducerBuffer buffer = new ProducerBuffer(1_000, LINGER, 5, BACKOFF);

    @Test
    void holdsAPartialBatchForTheLingerThenSendsIt() {
        buffer.offer(List.of(record("alice", "a1", 0)));

        assertThat(buffer.nextBatch(LINGER - 1)).isNull();
        assertThat(buffer.nextBatch(LINGER).records()).hasSize(1);
    }

    @Test
    void sendsAFullBatchAtOnceWithAtMostFiveHundredRecords() {
        var records = new ArrayList<ProducerBuffer.Pending>();
        for (int i = 0; i < 600; i++) {
            records.add(record("user-" + i, "e" + i, 0));
        }
        buffer.offer(records);

        assertThat(buffer.nextBatch(0).records()).hasSize(500);
    }

    @Test
    void cutsABatchAtFiveMebibytes() {
        var records = new ArrayList<ProducerBuffer.Pending>();
        byte[] big = new byte[900 * 1024];
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerBuffer.Pending("user-" + i, SdkBytes.fromByteArray(big), 0));
        }
        buffer.offer(records);

        var batch = buffer.nextBatch(0);
        assertThat(batch.records()).hasSize(5);
        assertThat(batch.bytes()).isLessThanOrEqualTo(ProducerBuffer.MAX_BATCH_BYTES);
    }

    @Test
    void putsOnlyOneRecordPerUserInFlightSoARetryCannotBeOvertaken() {
        buffer.offer(List.of(record("alice", "a1", 0), record("alice", "a2", 0), record("bob", "b1", 0)));

        var first = buffer.nextBatch(LINGER);
        assertThat(data(first)).containsExactly("a1", "b1");
        assertThat(buffer.nextBatch(LINGER)).as("alice's a2 waits for a1").isNull();
    }

    @Test
    void retriesOnlyTheFailedEntriesAfterABackoffAndKeepsEachUsersOrder() {
        buffer.offer(List.of(record("alice", "a1", 0), record("alice", "a2", 0), record("bob", "b1", 0)));
        var first = buffer.nextBatch(LINGER);

        var outcome = buffer.complete(
                first,
                PutRecordsResponse.builder()
                        .failedRecordCount(1)
                        .records(failed("ProvisionedThroughputExceededException"), ok("shardId-000000000001"))
                        .build(),
                LINGER);

        assertThat(outcome.sent()).isEqualTo(1);
        assertThat(outcome.retried()).isEqualTo(1);
        assertThat(outcome.failedPerCode()).containsEntry("ProvisionedThroughputExceededException", 1);
        assertThat(buffer.size()).isEqualTo(2);
        // Half-jitter backoff: at least 50 ms (half the 100 ms base) before a1 may go again, and a2
        // does not go around it.
        assertThat(buffer.nextBatch(LINGER + Duration.ofMillis(49).toNanos())).isNull();
        var retry = buffer.nextBatch(LINGER + Duration.ofMillis(100).toNanos());
        assertThat(data(retry)).containsExactly("a1");

        buffer.complete(
                retry,
                PutRecordsResponse.builder().records(ok("shardId-000000000000")).build(),
                0);
        assertThat(data(buffer.nextBatch(Duration.ofSeconds(1).toNanos()))).containsExactly("a2");
    }

    @Test
    void backsOffLongerWithEachAttemptAndDropsAfterTheLast() {
        buffer.offer(List.of(record("alice", "a1", 0)));
        long now = LINGER;
        long previousWait = 0;
        for (int attempt = 1; attempt < 5; attempt++) {
            var batch = buffer.nextBatch(now);
            assertThat(batch).as("attempt %d", attempt).isNotNull();
            buffer.fail(batch, "InternalFailure", now);
            long wait = buffer.nanosUntilNextDue(now, Long.MAX_VALUE);
            assertThat(wait).isGreaterThanOrEqualTo(previousWait / 2);
            previousWait = wait;
            now += wait;
        }
        var outcome = buffer.fail(buffer.nextBatch(now), "InternalFailure", now);

        assertThat(outcome.dropped()).isEqualTo(1);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void refusesRecordsBeyondItsCapacityAllOrNothing() {
        var small = new ProducerBuffer(2, LINGER, 5, BACKOFF);
        assertThat(small.offer(List.of(record("a", "1", 0)))).isTrue();
        assertThat(small.offer(List.of(record("b", "2", 0), record("c", "3", 0))))
                .isFalse();
        assertThat(small.size()).isEqualTo(1);
    }

    @Test
    void refusesRecordsBeyondItsByteBudgetAllOrNothingAndFreesTheBytesOfWhatWentIn() {
        // Budget: two records of 100 bytes each, keys included.
        var budgeted = new ProducerBuffer(1_000, 200, LINGER, 5, BACKOFF);
        assertThat(budgeted.offer(List.of(record("k", "x".repeat(99), 0)))).isTrue();
        assertThat(budgeted.offer(List.of(record("m", "x".repeat(99), 0), record("n", "x".repeat(99), 0))))
                .isFalse();
        assertThat(budgeted.bytes()).isEqualTo(100);

        var batch = budgeted.nextBatch(LINGER);
        budgeted.complete(
                batch, PutRecordsResponse.builder().records(ok("shard-0")).build(), LINGER);

        assertThat(budgeted.bytes()).isZero();
        assertThat(budgeted.offer(List.of(record("m", "x".repeat(99), 0), record("n", "x".repeat(99), 0))))
                .isTrue();
    }

    @Test
    void countsThePartitionKeysUtf8BytesAndRefusesARecordKinesisWouldRefuse() {
        String key = "€".repeat(256); // 768 UTF-8 bytes
        var fits = new ProducerBuffer.Pending(
                key, SdkBytes.fromByteArray(new byte[ProducerBuffer.MAX_RECORD_BYTES - 768]), 0);
        var over = new ProducerBuffer.Pending(
                key, SdkBytes.fromByteArray(new byte[ProducerBuffer.MAX_RECORD_BYTES - 767]), 0);

        assertThat(fits.bytes).isEqualTo(ProducerBuffer.MAX_RECORD_BYTES);
        assertThat(buffer.offer(List.of(fits))).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> buffer.offer(List.of(over)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1048577 bytes");
        assertThat(buffer.size()).isEqualTo(1);
    }

    private static ProducerBuffer.Pending record(String user, String data, long now) {
        return new ProducerBuffer.Pending(user, SdkBytes.fromString(data, StandardCharsets.UTF_8), now);
    }

    private static List<String> data(ProducerBuffer.Batch batch) {
        return batch.records().stream().map(r -> r.data.asUtf8String()).toList();
    }

    private static PutRecordsResultEntry ok(String shard) {
        return PutRecordsResultEntry.builder()
                .shardId(shard)
                .sequenceNumber("1")
                .build();
    }

    private static PutRecordsResultEntry failed(String code) {
        return PutRecordsResultEntry.builder()
                .errorCode(code)
                .errorMessage("Rate exceeded for shard")
                .build();
    }
}
