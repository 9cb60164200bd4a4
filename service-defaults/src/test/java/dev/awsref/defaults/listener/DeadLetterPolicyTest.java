package dev.awsref.defaults.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.events.MalformedEventException;
import io.awspring.cloud.sqs.listener.ListenerExecutionFailedException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.support.MessageBuilder;

class DeadLetterPolicyTest {

    @Test
    void theListenersOwnExceptionIsFoundUnderTheContainersWrappers() {
        var own = new MalformedEventException("not JSON", "body", null);
        var wrapped = new CompletionException(new ListenerExecutionFailedException(
                "listener failed", own, MessageBuilder.withPayload("x").build()));

        assertThat(DeadLetterPolicy.unwrap(wrapped)).isSameAs(own);
        assertThat(DeadLetterPolicy.isPoison(DeadLetterPolicy.unwrap(wrapped))).isTrue();
    }

    @Test
    void aFailureThatARetryMayFixIsNotPoison() {
        assertThat(DeadLetterPolicy.isPoison(new IllegalStateException("SMTP refused")))
                .isFalse();
        assertThat(DeadLetterPolicy.isPoison(new PoisonMessageException("no S3 records")))
                .isTrue();
    }

    @Test
    void aReasonIsOneBoundedPrintableLine() {
        String reason = LogSafe.reason(new IllegalStateException("forged\nWARN line\r" + "x".repeat(2000)));

        assertThat(reason).doesNotContain("\n", "\r").startsWith("IllegalStateException: forged?WARN line?");
        assertThat(reason).hasSize(LogSafe.MAX_REASON_LENGTH + 3).endsWith("...");
    }
}
