package dev.awsref.platform.topology;

import java.util.Optional;

/**
 * A topic-to-queue subscription: the fan-out edge. The filter policy decides which messages this
 * queue gets; raw delivery hands the consumer the published body instead of SNS's JSON envelope.
 *
 * @param topic logical topic name
 * @param queue logical queue name
 * @param filterPolicy SNS filter policy JSON, or empty to receive everything
 * @param filterPolicyScope whether the policy matches message attributes or the JSON body
 * @param rawMessageDelivery whether SNS delivers the body as published
 */
public record SubscriptionSpec(
        String topic,
        String queue,
        Optional<String> filterPolicy,
        FilterPolicyScope filterPolicyScope,
        boolean rawMessageDelivery) {

    public enum FilterPolicyScope {
        MessageAttributes,
        MessageBody
    }
}
