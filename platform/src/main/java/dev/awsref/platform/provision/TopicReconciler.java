package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UPDATED;

import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SNS topics: created when missing; every topic's ARN is resolved for the queues and subscriptions.
 * A topic the model opens to other accounts gets its topic policy ({@link TopicPolicyDocument}).
 */
final class TopicReconciler implements ResourceReconciler {

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        // One listing per run, not one per topic: ListTopics pages through every topic in the account.
        List<String> existingTopics = allTopicArns(run.aws().sns());
        topology.topics().forEach(topic -> topic(topic, topology, existingTopics, run));
    }

    private static void topic(TopicSpec topic, Topology topology, List<String> existingTopics, ProvisionRun run) {
        String name = run.physical(topic.name());
        boolean existed = existingTopics.stream().anyMatch(arn -> isNamed(arn, name));
        Map<String, String> attributes = topic.fifo() ? Map.of("FifoTopic", "true") : Map.of();
        // CreateTopic returns the existing topic's ARN when the name is taken with the same attributes.
        String arn = run.aws()
                .sns()
                .createTopic(b -> b.name(name).attributes(attributes))
                .topicArn();
        run.topicResolved(topic.name(), arn);
        String detail = topic.fifo() ? "FIFO" : "standard";
        boolean policyChanged = grantSubscribingAccounts(topology.accountsSubscribingTo(topic.name()), arn, run);
        if (!existed) {
            run.record(CREATED, "sns topic", name, detail);
        } else {
            run.record(
                    policyChanged ? UPDATED : UNCHANGED,
                    "sns topic",
                    name,
                    (policyChanged ? "set Policy; " : "") + detail);
        }
    }

    /** Sets the topic policy where the model grants other accounts a subscription; true if it changed. */
    private static boolean grantSubscribingAccounts(List<String> accounts, String arn, ProvisionRun run) {
        if (accounts.isEmpty()) {
            return false;
        }
        String desired = TopicPolicyDocument.build(arn, accounts);
        String actual = run.aws()
                .sns()
                .getTopicAttributes(b -> b.topicArn(arn))
                .attributes()
                .get("Policy");
        if (actual != null && JsonValues.sameJson(desired, actual)) {
            return false;
        }
        run.aws()
                .sns()
                .setTopicAttributes(b -> b.topicArn(arn).attributeName("Policy").attributeValue(desired));
        return true;
    }

    /** The ARN of an existing topic, without creating it (CreateTopic would, quietly). */
    static Optional<String> findTopicArn(SnsClient sns, String physicalName) {
        return allTopicArns(sns).stream()
                .filter(arn -> isNamed(arn, physicalName))
                .findFirst();
    }

    private static List<String> allTopicArns(SnsClient sns) {
        return sns.listTopicsPaginator().topics().stream()
                .map(t -> t.topicArn())
                .toList();
    }

    private static boolean isNamed(String topicArn, String physicalName) {
        return topicArn.endsWith(":" + physicalName);
    }
}
