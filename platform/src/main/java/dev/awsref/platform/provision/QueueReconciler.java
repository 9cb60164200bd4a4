package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UPDATED;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.Topology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * SQS queues with their dead-letter queues, redrive policies and queue policies. Dead-letter
 * queues come first, because a queue's redrive policy names its DLQ's ARN; a queue policy names
 * the topics subscribed to the queue and the buckets that notify it, so topics come before this.
 * An existing queue gets back every attribute that differs from the topology.
 */
final class QueueReconciler implements ResourceReconciler {

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        topology.queuesInCreationOrder().forEach(queue -> queue(queue, topology, run));
    }

    private static void queue(QueueSpec queue, Topology topology, ProvisionRun run) {
        var sqs = run.aws().sqs();
        String name = run.physical(queue.name());
        Map<QueueAttributeName, String> creationAttributes = baseAttributes(queue, run);
        boolean existed = true;
        String url;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            existed = false;
            var create = new LinkedHashMap<>(creationAttributes);
            if (queue.fifo()) {
                create.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            url = sqs.createQueue(b -> b.queueName(name).attributes(create)).queueUrl();
        }
        String queueUrl = url;
        Map<QueueAttributeName, String> actual = sqs.getQueueAttributes(
                        b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributes();
        String arn = actual.get(QueueAttributeName.QUEUE_ARN);
        run.queueResolved(queue.name(), queueUrl, arn);

        Map<QueueAttributeName, String> desired = new LinkedHashMap<>(creationAttributes);
        desired.put(QueueAttributeName.POLICY, policyFor(queue, topology, arn, run));
        Map<QueueAttributeName, String> changed = new LinkedHashMap<>();
        desired.forEach((attribute, value) -> {
            if (!sameAttributeValue(attribute, value, actual.get(attribute))) {
                changed.put(attribute, value);
            }
        });
        if (!changed.isEmpty()) {
            sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(changed));
        }
        String detail = describe(queue);
        if (!existed) {
            run.record(CREATED, "sqs queue", name, detail);
        } else if (!changed.isEmpty()) {
            run.record(UPDATED, "sqs queue", name, "set " + changed.keySet() + "; " + detail);
        } else {
            run.record(UNCHANGED, "sqs queue", name, detail);
        }
    }

    private static Map<QueueAttributeName, String> baseAttributes(QueueSpec queue, ProvisionRun run) {
        var attributes = new LinkedHashMap<QueueAttributeName, String>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds(queue.visibilityTimeout()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(queue.retention()));
        attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, seconds(queue.receiveWait()));
        queue.deadLetter()
                .ifPresent(dl -> attributes.put(
                        QueueAttributeName.REDRIVE_POLICY,
                        JsonValues.JSON
                                .createObjectNode()
                                .put("deadLetterTargetArn", run.queueArn(dl.queueName()))
                                .put("maxReceiveCount", dl.maxReceiveCount())
                                .toString()));
        return attributes;
    }

    private static String policyFor(QueueSpec queue, Topology topology, String queueArn, ProvisionRun run) {
        List<String> topics = topology.topicsSendingTo(queue.name()).stream()
                .map(run::topicArn)
                .toList();
        List<String> buckets = topology.bucketsNotifying(queue.name()).stream()
                .map(b -> "arn:aws:s3:::" + run.physical(b.name()))
                .toList();
        return QueuePolicyDocument.build(queueArn, topics, buckets, topology.accountsSendingTo(queue.name()));
    }

    private static boolean sameAttributeValue(QueueAttributeName attribute, String desired, String actual) {
        if (actual == null) {
            return false;
        }
        return switch (attribute) {
            case POLICY, REDRIVE_POLICY -> JsonValues.sameJson(desired, actual);
            default -> desired.equals(actual);
        };
    }

    private static String describe(QueueSpec queue) {
        String redrive = queue.deadLetter()
                .map(dl -> "dlq " + dl.queueName() + " after " + dl.maxReceiveCount() + " receives")
                .orElse("dead-letter queue");
        return "%s, visibility %ss, wait %ss; %s"
                .formatted(
                        queue.fifo() ? "FIFO" : "standard",
                        seconds(queue.visibilityTimeout()),
                        seconds(queue.receiveWait()),
                        redrive);
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }
}
