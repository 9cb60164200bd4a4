package dev.awsref.notification.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.model.SqsException;

class QueueOperationsTest {

    @Test
    void recognisesAnEndpointWithoutStartMessageMoveTask() {
        // What fauxqs answers.
        var fauxqs = (SqsException) SqsException.builder()
                .message("Unknown action: StartMessageMoveTask")
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("UnsupportedOperation")
                        .build())
                .build();
        var accessDenied = (SqsException) SqsException.builder()
                .message("not authorized to perform sqs:StartMessageMoveTask")
                .statusCode(403)
                .awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("AccessDenied").build())
                .build();

        assertThat(QueueOperations.unsupported(fauxqs)).isTrue();
        assertThat(QueueOperations.unsupported(accessDenied)).isFalse();
        assertThat(QueueOperations.unsupported(new IllegalStateException("unknown")))
                .isFalse();
    }
}
