package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.Topology;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Creates a topology on any AWS-compatible endpoint, idempotently: a resource that exists is
 * compared with the topology and its changed attributes are set; nothing is created twice.
 * One reconciler per kind of resource does the work, in the order the dependencies dictate:
 * topics, then queues (dead-letter queues first, because a redrive policy names the DLQ's ARN,
 * and a queue policy the topics'), subscriptions, buckets, streams (waited on until ACTIVE) and
 * tables; last, run-time tables (which services create themselves) found existing are reported
 * as left behind.
 *
 * <p>Resharding a stream or changing a table's local indexes are not provisioning: they are
 * reported as drift and left to the operations that own them.
 */
public final class Provisioner {

    private static final List<ResourceReconciler> IN_DEPENDENCY_ORDER = List.of(
            new TopicReconciler(),
            new QueueReconciler(),
            new SubscriptionReconciler(),
            new BucketReconciler(),
            new StreamReconciler(),
            new TableReconciler(),
            new RuntimeTableReconciler());

    private final ProvisionRun run;

    public Provisioner(AwsClients aws, ResourceNames names, PrintStream out) {
        this.run = new ProvisionRun(aws, names, new ProvisionReport(out));
    }

    public ProvisionReport provision(Topology topology) {
        IN_DEPENDENCY_ORDER.forEach(reconciler -> reconciler.reconcile(topology, run));
        return run.report();
    }

    /** Physical queue URLs by logical name, as resolved in the last run. */
    public Map<String, String> queueUrls() {
        return run.queueUrls();
    }

    /** Physical topic ARNs by logical name, as resolved in the last run. */
    public Map<String, String> topicArns() {
        return run.topicArns();
    }

    /** The ARN of an existing topic, without creating it (CreateTopic would, quietly). */
    public static Optional<String> findTopicArn(SnsClient sns, String physicalName) {
        return TopicReconciler.findTopicArn(sns, physicalName);
    }
}
