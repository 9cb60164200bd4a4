package dev.awsref.analytics.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.analytics.consume.PoisonRecordException.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The policy for one failing record, without a stream: what is retried without limit (a store
 * that is down), what is tried the model's number of times (a store that refuses the record), and
 * what is dead-lettered at once (a record that cannot be read or checked).
 */
class PoisonRecordPolicyTest {

    private static final int ATTEMPTS = 3;

    private final List<DeadLetter> letters = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConsumerStats stats = new ConsumerStats("test", meters);
    private final PoisonRecordPolicy policy =
            new PoisonRecordPolicy("activity", ATTEMPTS, Duration.ofMillis(1), letters::add, stats);
    private final byte[] data = "{\"some\":\"record\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aStoreThatIsDownIsRetriedPastTheAttemptsAndTheRecordIsNotDeadLettered() {
        var runs = new AtomicInteger();
        policy.process(
                "shard-0",
                record(),
                data,
                () -> {
                    if (runs.incrementAndGet() <= ATTEMPTS + 3) {
                        throw new RedisConnectionFailureException("redis is down");
                    }
                },
                () -> {});

        assertThat(runs).hasValue(ATTEMPTS + 4);
        assertThat(letters).isEmpty();
    }

    @Test
    void throttlingAndUnreachableEndpointsAreTransientAndAValidationErrorIsNot() {
        // As the SDK builds it from a response: the error code is what marks it as throttling.
        assertThat(StoreFailures.isTransient(ProvisionedThroughputExceededException.builder()
                        .statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ProvisionedThroughputExceededException")
                                .build())
                        .message("slow down")
                        .build()))
                .isTrue();
        assertThat(StoreFailures.isTransient(
                        new java.util.concurrent.CompletionException(SdkClientException.create("connection refused"))))
                .isTrue();
        assertThat(StoreFailures.isTransient(DynamoDbException.builder()
                        .statusCode(500)
                        .message("internal")
                        .build()))
                .isTrue();
        assertThat(StoreFailures.isTransient(DynamoDbException.builder()
                        .statusCode(400)
                        .message("An operand in the update expression has an incorrect data type")
                        .build()))
                .isFalse();
        assertThat(StoreFailures.isTransient(new ArithmeticException("long overflow")))
                .isFalse();
    }

    @Test
    void aRecordAStoreRefusesEveryTimeIsTriedTheModelsAttemptsThenDeadLetteredWithItsBytes() {
        var runs = new AtomicInteger();
        var released = new AtomicInteger();

        policy.process(
                "shard-0",
                record(),
                data,
                () -> {
                    runs.incrementAndGet();
                    throw DynamoDbException.builder()
                            .statusCode(400)
                            .message("incorrect data type")
                            .build();
                },
                released::incrementAndGet);

        assertThat(runs).hasValue(ATTEMPTS);
        assertThat(released).hasValue(1);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("cannot-apply");
            assertThat(letter.attempts()).isEqualTo(ATTEMPTS);
            assertThat(letter.shardId()).isEqualTo("shard-0");
            assertThat(letter.sequenceNumber()).isEqualTo("4950");
            assertThat(letter.partitionKey()).isEqualTo("alice");
            assertThat(letter.detail()).contains("incorrect data type");
            assertThat(Base64.getDecoder().decode(letter.data())).isEqualTo(data);
        });
        assertThat(meters.get("analytics.consumer.records.deadlettered")
                        .tag("reason", "cannot-apply")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aRecordThatCannotBeReadIsDeadLetteredAtOnce() {
        var runs = new AtomicInteger();

        policy.process(
                "shard-0",
                record(),
                data,
                () -> {
                    runs.incrementAndGet();
                    throw new PoisonRecordException(Reason.UNDECODABLE, "not JSON", null);
                },
                () -> {});

        assertThat(runs).hasValue(1);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo("undecodable");
            assertThat(letter.attempts()).isEqualTo(1);
        });
    }

    @Test
    void whileTheDeadLetterQueueCannotTakeTheLetterTheRecordIsTriedAgainNotSkipped() {
        var sends = new AtomicInteger();
        var flaky = new PoisonRecordPolicy(
                "activity",
                ATTEMPTS,
                Duration.ofMillis(1),
                letter -> {
                    if (sends.incrementAndGet() <= 2) {
                        throw SdkClientException.create("sqs unreachable");
                    }
                    letters.add(letter);
                },
                stats);

        flaky.process(
                "shard-0",
                record(),
                data,
                () -> {
                    throw new PoisonRecordException(Reason.INVALID_CONTRACT, "userId too long", null);
                },
                () -> {});

        assertThat(sends).hasValue(3);
        assertThat(letters).hasSize(1);
    }

    @Test
    void aRecordTooLargeForAnSqsMessageIsDeadLetteredByPositionWithoutItsBytes() {
        byte[] large = new byte[PoisonRecordPolicy.MAX_INLINE_DATA_BYTES + 1];

        policy.process(
                "shard-0",
                record(),
                large,
                () -> {
                    throw new PoisonRecordException(Reason.UNDECODABLE, "not UTF-8", null);
                },
                () -> {});

        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.data()).isNull();
            assertThat(letter.dataBytes()).isEqualTo(large.length);
            assertThat(letter.detail()).contains("replay reads it from the stream");
        });
    }

    @Test
    void aDeadLetterBodyIsPlainAsciiSoSqsTakesItWhateverTheKeyOrErrorHolds() {
        var sqs = new SqsDeadLetters(
                null, "unused", tools.jackson.databind.json.JsonMapper.builder().build());
        var letter = new DeadLetter(
                "activity",
                "shard-0",
                "4950",
                0,
                "key-\uFFFE-\uD800-é",
                Instant.parse("2026-11-30T10:00:00Z"),
                "undecodable",
                "unexpected character '\uFFFF'",
                1,
                Instant.parse("2026-11-30T10:00:01Z"),
                "AAEC",
                3);

        String body = sqs.body(letter);

        assertThat(body.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
        assertThat(tools.jackson.databind.json.JsonMapper.builder().build().readValue(body, DeadLetter.class))
                .isEqualTo(letter);
    }

    private KinesisClientRecord record() {
        return KinesisClientRecord.builder()
                .sequenceNumber("4950")
                .subSequenceNumber(0)
                .partitionKey("alice")
                .approximateArrivalTimestamp(Instant.parse("2026-11-30T10:00:00Z"))
                .data(ByteBuffer.wrap(data))
                .build();
    }
}
