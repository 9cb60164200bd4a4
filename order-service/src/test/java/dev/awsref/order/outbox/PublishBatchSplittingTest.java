package dev.awsref.order.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PublishBatchSplittingTest {

    private static OutboxMessage message(long id, int payloadBytes) {
        return new OutboxMessage(
                id, "e-" + id, "order-events", "order-1", "OrderPlaced", 1, "x".repeat(payloadBytes), Map.of());
    }

    @Test
    void aBatchHoldsAtMostTenEntriesInTheirOriginalOrder() {
        var messages =
                IntStream.rangeClosed(1, 25).mapToObj(i -> message(i, 100)).toList();
        List<List<OutboxMessage>> batches = SnsOutboxPublisher.batches(messages);
        assertThat(batches).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(batches.stream().flatMap(List::stream).map(OutboxMessage::id))
                .containsExactlyElementsOf(
                        messages.stream().map(OutboxMessage::id).toList());
    }

    @Test
    void aBatchStaysUnder256KibInTotalNotJustPerMessage() {
        var messages = IntStream.rangeClosed(1, 4)
                .mapToObj(i -> message(i, 100 * 1024))
                .toList();
        List<List<OutboxMessage>> batches = SnsOutboxPublisher.batches(messages);
        assertThat(batches).extracting(List::size).containsExactly(2, 2);
        assertThat(batches)
                .allSatisfy(batch -> assertThat(
                                batch.stream().mapToInt(OutboxMessage::size).sum())
                        .isLessThanOrEqualTo(SnsOutboxPublisher.MAX_BATCH_BYTES));
    }
}
