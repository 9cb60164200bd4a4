package dev.awsref.platform.topology;

/**
 * A named other AWS account allowed to use one of this system's queues or topics: to send to a
 * queue (a partner's producer), or to subscribe a queue of its own to a topic (a partner's
 * consumer). The grant goes into the resource's policy, next to the statements for SNS and S3 and
 * the deny of plain HTTP; the other account's administrator must still allow the same action to
 * its own principals, because a cross-account request needs both
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 * The model declares none by default: one account is deployed.
 *
 * @param account the 12-digit id of the other account
 * @param access what it may do
 * @param resource the logical name of the queue ({@link Access#SEND_TO_QUEUE}) or topic ({@link
 *     Access#SUBSCRIBE_TO_TOPIC})
 */
public record CrossAccountGrant(String account, Access access, String resource) {

    public enum Access {
        /** {@code sqs:SendMessage} on the queue (and the key's encrypt rights SQS uses on its behalf). */
        SEND_TO_QUEUE,
        /** {@code sns:Subscribe} on the topic, for an SQS queue in that account only. */
        SUBSCRIBE_TO_TOPIC
    }
}
