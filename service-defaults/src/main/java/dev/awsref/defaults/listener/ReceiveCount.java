package dev.awsref.defaults.listener;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** How many times SQS has handed this message out, this time included. */
final class ReceiveCount {

    private ReceiveCount() {}

    static int of(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }
}
