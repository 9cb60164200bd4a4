package dev.awsref.notification.documents;

import dev.awsref.notification.queues.ConsumedQueue;
import dev.awsref.notification.queues.NotificationQueues;
import dev.awsref.notification.queues.PoisonMessages;
import dev.awsref.notification.queues.VisibilityHeartbeat;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.topology.ReferenceTopology;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * S3 event notifications: the documents bucket notifies the notification-documents queue of every
 * ObjectCreated (wired by the provisioner and the CDK app with a queue policy that lets S3 send),
 * and this listener mails operations a link. Same rules as the order listeners: long polling,
 * ON_SUCCESS, poison to the DLQ after five receives, one email per upload.
 */
@Component
class DocumentListener {

    private final NotificationQueues queues;
    private final PoisonMessages failures;
    private final VisibilityHeartbeat heartbeat;
    private final DocumentNotifications notifications;
    private final MeterRegistry meters;

    DocumentListener(
            NotificationQueues queues,
            PoisonMessages failures,
            VisibilityHeartbeat heartbeat,
            DocumentNotifications notifications,
            MeterRegistry meters) {
        this.queues = queues;
        this.failures = failures;
        this.heartbeat = heartbeat;
        this.notifications = notifications;
        this.meters = meters;
    }

    @SqsListener(
            value = "#{@notificationQueues.documents()}",
            id = "notification-documents",
            maxConcurrentMessages = "${app.listeners.documents.max-concurrent-messages:2}",
            maxMessagesPerPoll = "${app.listeners.documents.max-messages-per-poll:2}",
            pollTimeoutSeconds = "${app.listeners.poll-timeout-seconds:20}",
            acknowledgementMode = "ON_SUCCESS")
    void onS3Event(Message message, Visibility visibility) {
        ConsumedQueue queue =
                queues.find(ReferenceTopology.NOTIFICATION_DOCUMENTS).orElseThrow();
        List<ObjectCreated> created;
        try {
            created = S3EventReader.objectsCreated(message.body());
        } catch (EventContractException unreadable) {
            count(queue, "POISON");
            throw failures.reject(queue, message, unreadable);
        }
        try (var beat = heartbeat.keepInvisible(visibility, message.messageId())) {
            for (ObjectCreated object : created) {
                count(
                        queue,
                        notifications
                                .objectCreated(object, queue.physicalName(), message.messageId())
                                .name());
            }
        } catch (RuntimeException failed) {
            count(queue, "FAILED");
            failures.recordFailure(queue, message, failed);
            throw failed;
        }
    }

    private void count(ConsumedQueue queue, String outcome) {
        meters.counter("notification.events", "queue", queue.logicalName(), "type", "ObjectCreated", "outcome", outcome)
                .increment();
    }
}
