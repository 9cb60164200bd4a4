package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UPDATED;

import dev.awsref.platform.topology.SubscriptionSpec;
import dev.awsref.platform.topology.Topology;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.sns.model.Subscription;

/**
 * SNS subscriptions of queues to topics, with their filter policy, filter scope, raw delivery and
 * redrive policy (the dead-letter queue for deliveries SNS gives up on).
 * An existing subscription is found by topic and queue ARN, and only the attributes that differ
 * are set; a filter the topology no longer declares is cleared.
 */
final class SubscriptionReconciler implements ResourceReconciler {

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        topology.subscriptions().forEach(subscription -> subscription(subscription, topology, run));
    }

    private static void subscription(SubscriptionSpec subscription, Topology topology, ProvisionRun run) {
        var sns = run.aws().sns();
        String topicArn = run.topicArn(subscription.topic());
        String queueArn = run.queueArn(subscription.queue());
        String label = run.physical(subscription.topic()) + " -> " + run.physical(subscription.queue());
        Map<String, String> desired = new TreeMap<>();
        desired.put("RawMessageDelivery", Boolean.toString(subscription.rawMessageDelivery()));
        subscription.filterPolicy().ifPresent(policy -> {
            desired.put("FilterPolicy", policy);
            desired.put("FilterPolicyScope", subscription.filterPolicyScope().name());
        });
        topology.subscriptionDeadLetterQueue(subscription)
                .ifPresent(dlq -> desired.put("RedrivePolicy", redrivePolicy(run.queueArn(dlq))));
        String detail = subscription
                        .filterPolicy()
                        .map(p -> "filter on " + subscription.filterPolicyScope() + " " + JsonValues.compact(p))
                        .orElse("no filter")
                + (subscription.rawMessageDelivery() ? ", raw delivery" : "");

        Optional<Subscription> existing =
                sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions().stream()
                        .filter(s -> "sqs".equals(s.protocol()) && queueArn.equals(s.endpoint()))
                        .findFirst();
        if (existing.isEmpty()) {
            sns.subscribe(b -> b.topicArn(topicArn)
                    .protocol("sqs")
                    .endpoint(queueArn)
                    .attributes(desired)
                    .returnSubscriptionArn(true));
            run.record(CREATED, "subscription", label, detail);
            return;
        }
        String subscriptionArn = existing.get().subscriptionArn();
        Map<String, String> actual = sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn))
                .attributes();
        var changed = new TreeMap<String, String>();
        desired.forEach((attribute, value) -> {
            if (!sameSubscriptionValue(attribute, value, actual.get(attribute))) {
                changed.put(attribute, value);
            }
        });
        if (subscription.filterPolicy().isEmpty() && present(actual.get("FilterPolicy"))) {
            changed.put("FilterPolicy", "{}");
        }
        changed.forEach((attribute, value) -> sns.setSubscriptionAttributes(
                b -> b.subscriptionArn(subscriptionArn).attributeName(attribute).attributeValue(value)));
        run.record(
                changed.isEmpty() ? UNCHANGED : UPDATED,
                "subscription",
                label,
                changed.isEmpty() ? detail : "set " + changed.keySet() + "; " + detail);
    }

    private static boolean sameSubscriptionValue(String attribute, String desired, String actual) {
        if (!present(actual)) {
            // No FilterPolicyScope attribute means SNS applies its default, MessageAttributes.
            return "FilterPolicyScope".equals(attribute) && "MessageAttributes".equals(desired);
        }
        return "FilterPolicy".equals(attribute) || "RedrivePolicy".equals(attribute)
                ? JsonValues.sameJson(desired, actual)
                : desired.equalsIgnoreCase(actual);
    }

    /** SNS's subscription RedrivePolicy: where to park what it cannot deliver. */
    static String redrivePolicy(String deadLetterQueueArn) {
        return "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn + "\"}";
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
