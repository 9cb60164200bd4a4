package dev.awsref.notification.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The redrive path an endpoint with StartMessageMoveTask takes (AWS, LocalStack): fauxqs has no
 * such action, so this test runs it against an embedded ElasticMQ, which has.
 */
class RedriveWithMessageMoveTaskIT {

    private static SQSRestServer elasticMq;
    private static SqsAsyncClient sqs;

    @BeforeAll
    static void startElasticMq() {
        int port = freePort();
        elasticMq = SQSRestServerBuilder.withPort(port)
                .withInterface("127.0.0.1")
                .withAWSRegion("us-east-1")
                .start();
        elasticMq.waitUntilStarted();
        sqs = SqsAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void stopElasticMq() {
        sqs.close();
        elasticMq.stopAndWait();
    }

    @Test
    void redriveStartsAMessageMoveTaskWhereTheEndpointHasIt() {
        var queues = EnvironmentTopology.of(
                "emq-" + UUID.randomUUID().toString().substring(0, 8),
                "us-east-1",
                "000000000000",
                "notification-service");
        var queue = queues.consumedQueue(ReferenceTopology.NOTIFICATION_ORDER_EVENTS)
                .orElseThrow();
        String dlqUrl = sqs.createQueue(b -> b.queueName(queue.deadLetterQueue()))
                .join()
                .queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .join()
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String sourceUrl = sqs.createQueue(b -> b.queueName(queue.physicalName())
                        .attributes(Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}")))
                .join()
                .queueUrl();
        sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody("{\"fixed\":\"later\"}"))
                .join();
        var operations = new QueueOperations(sqs, queues, new RedriveProperties(100, 10));

        var report = operations.redrive(queue, null, 5);

        assertThat(report.mode()).isEqualTo("StartMessageMoveTask");
        assertThat(report.taskHandle()).isNotBlank();
        var moved = new ArrayList<Message>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            moved.addAll(sqs.receiveMessage(b -> b.queueUrl(sourceUrl).waitTimeSeconds(1))
                    .join()
                    .messages());
            return !moved.isEmpty();
        });
        assertThat(moved).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{\"fixed\":\"later\"}"));
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
