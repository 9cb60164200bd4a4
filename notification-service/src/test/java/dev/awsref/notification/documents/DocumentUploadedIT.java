package dev.awsref.notification.documents;

import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_DOCUMENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.TestMail;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * S3 event notification -> SQS -> email. No emulator that runs without Docker delivers S3 bucket
 * notifications (fauxqs accepts the configuration and ignores it), so the test puts the message S3 would send on the queue itself.
 */
class DocumentUploadedIT extends NotificationIntegrationTest {

    @Test
    void anUploadedDocumentIsMailedAsALinkOnceEvenIfS3NotifiesTwice() {
        String key = "invoices/" + UUID.randomUUID() + "/march invoice.pdf";
        String event = s3Event("ObjectCreated:Put", topology.prefix() + "-documents", key.replace(" ", "+"), 4711);
        double duplicatesBefore = handled(NOTIFICATION_DOCUMENTS, "ObjectCreated", "DUPLICATE");

        topology.send(NOTIFICATION_DOCUMENTS, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}");
        topology.send(NOTIFICATION_DOCUMENTS, event);
        topology.send(NOTIFICATION_DOCUMENTS, event);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> handled(NOTIFICATION_DOCUMENTS, "ObjectCreated", "DUPLICATE") > duplicatesBefore);
        assertThat(mail.to("operations@example.com"))
                .filteredOn(m -> TestMail.subject(m).contains(key))
                .singleElement()
                .satisfies(email -> assertThat(TestMail.body(email))
                        .contains("https://documents.example.com/" + topology.prefix() + "-documents/"
                                + key.replace(" ", "%20"))
                        .contains("4711 bytes"));
    }

    private static String s3Event(String eventName, String bucket, String encodedKey, long size) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"2026-11-23T12:00:00.000Z","eventName":"%s",
                "s3":{"s3SchemaVersion":"1.0","configurationId":"notification-documents",
                "bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":%d,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0062E99A88DC407460"}}}]}""".formatted(eventName, bucket, bucket, encodedKey, size);
    }
}
