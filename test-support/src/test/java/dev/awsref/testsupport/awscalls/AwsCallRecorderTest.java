package dev.awsref.testsupport.awscalls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

class AwsCallRecorderTest {

    @Test
    void aBatchSendAuthorizesAsSendMessageOnTheQueueArnTakenFromItsUrl() {
        var request = SendMessageBatchRequest.builder()
                .queueUrl("http://127.0.0.1:4566/000000000000/it-1a2b-high-value-orders")
                .build();

        assertThat(IamRequests.of("Sqs", "SendMessageBatch", request, "us-east-1"))
                .containsExactly(IamRequest.of(
                        "sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:it-1a2b-high-value-orders"));
    }

    @Test
    void aQueueUrlWithAHostPerRegionStillGivesTheAccountAndName() {
        var request = DeleteMessageBatchRequest.builder()
                .queueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo")
                .build();

        assertThat(IamRequests.of("Sqs", "DeleteMessageBatch", request, "eu-west-1"))
                .extracting(IamRequest::resource)
                .containsExactly("arn:aws:sqs:eu-west-1:123456789012:orders.fifo");
    }

    @Test
    void getQueueUrlIsAuthorizedOnTheQueueItNames() {
        var request =
                GetQueueUrlRequest.builder().queueName("it-1a2b-documents").build();

        assertThat(IamRequests.of("Sqs", "GetQueueUrl", request, "us-east-1"))
                .containsExactly(
                        IamRequest.of("sqs:GetQueueUrl", "arn:aws:sqs:us-east-1:000000000000:it-1a2b-documents"));
    }

    @Test
    void aCallFromTestCodeIsTheTestHarnessWhichIsNotRecorded() {
        assertThat(Caller.ofCurrentThread("order-service").isTestHarness()).isTrue();
    }
}
