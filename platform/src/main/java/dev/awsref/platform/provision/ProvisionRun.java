package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.provision.ProvisionReport.Action;
import dev.awsref.platform.topology.ResourceNames;
import java.util.HashMap;
import java.util.Map;

/**
 * What the reconcilers of one {@link Provisioner} share: the clients, the environment's names, the
 * report, and the ARNs and URLs resolved so far. Later kinds need earlier ones' ARNs: a queue's
 * redrive policy names its DLQ, its queue policy the topics; a subscription names a topic and a
 * queue; a bucket notification a queue.
 */
final class ProvisionRun {

    private final AwsClients aws;
    private final ResourceNames names;
    private final ProvisionReport report;
    private final Map<String, String> topicArns = new HashMap<>();
    private final Map<String, String> queueArns = new HashMap<>();
    private final Map<String, String> queueUrls = new HashMap<>();

    ProvisionRun(AwsClients aws, ResourceNames names, ProvisionReport report) {
        this.aws = aws;
        this.names = names;
        this.report = report;
    }

    AwsClients aws() {
        return aws;
    }

    ProvisionReport report() {
        return report;
    }

    /** The name of a logical resource in this environment. */
    String physical(String logicalName) {
        return names.physical(logicalName);
    }

    void record(Action action, String kind, String name, String detail) {
        report.record(action, kind, name, detail);
    }

    void topicResolved(String logicalName, String arn) {
        topicArns.put(logicalName, arn);
    }

    void queueResolved(String logicalName, String url, String arn) {
        queueUrls.put(logicalName, url);
        queueArns.put(logicalName, arn);
    }

    String topicArn(String logicalName) {
        return topicArns.get(logicalName);
    }

    String queueArn(String logicalName) {
        return queueArns.get(logicalName);
    }

    Map<String, String> topicArns() {
        return Map.copyOf(topicArns);
    }

    Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }
}
