package dev.awsref.notification.documents;

import dev.awsref.notification.queues.HandledEvents;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.listener.SqsHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * S3 event notifications: the documents bucket notifies the notification-documents queue of every
 * ObjectCreated (wired by the provisioner and the CDK app with a queue policy that lets S3 send),
 * and this listener mails operations a link, one email per upload. Failures follow the platform's
 * listener policy: an unreadable notification is poison and goes to the DLQ at once.
 */
@Component
class DocumentListener {

    private final DocumentNotifications notifications;
    private final HandledEvents handled;

    DocumentListener(DocumentNotifications notifications, HandledEvents handled) {
        this.notifications = notifications;
        this.handled = handled;
    }

    @SqsListener(value = "#{@topology.queue('notification-documents')}", id = "notification-documents")
    void onS3Event(Message message, @Header(SqsHeaders.SQS_QUEUE_NAME_HEADER) String queue) {
        for (ObjectCreated object : S3EventReader.objectsCreated(message.body())) {
            handled.count(queue, "ObjectCreated", notifications.objectCreated(object, queue, message.messageId()));
        }
    }
}
