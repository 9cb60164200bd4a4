package dev.awsref.defaults.topology;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.RuntimeTableSpec;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.util.List;
import java.util.Optional;

/**
 * The topology model as this environment names it: the one place a service turns a logical name
 * into the physical name or ARN it calls. It is the bean {@code topology}, so listeners name their
 * queue in SpEL without typing it twice: {@code @SqsListener("#{@topology.queue('high-value-orders')}")}.
 *
 * <p>A logical name the model does not declare fails at once, at start-up for a listener, instead
 * of as a missing queue at the first receive. ARNs are computed from region, account and name, as
 * AWS forms them, so a publisher needs no {@code sns:ListTopics} right to find its topic.
 */
public class EnvironmentTopology {

    /** The account emulators (fauxqs, LocalStack) put in every ARN; on AWS the CDK app sets the real one. */
    public static final String EMULATOR_ACCOUNT_ID = "000000000000";

    private final Topology model;
    private final ResourceNames names;
    private final String partition;
    private final String region;
    private final String accountId;
    private final ServiceSpec service;
    private final List<ConsumedQueue> consumedQueues;

    public EnvironmentTopology(Topology model, ResourceNames names, String region, String accountId, String serviceId) {
        this.model = model;
        this.names = names;
        this.region = region;
        this.accountId = accountId;
        this.partition = partitionOf(region);
        this.service = model.findService(serviceId)
                .orElseThrow(() -> new IllegalStateException("spring.application.name '" + serviceId
                        + "' is not a service of the topology model; declared: " + model.serviceIds()));
        this.consumedQueues = model.queuesConsumedBy(service.name()).stream()
                .map(this::consumed)
                .toList();
    }

    /** The reference topology with this environment's prefix, region and account. */
    public static EnvironmentTopology of(String prefix, String region, String accountId, String serviceId) {
        return new EnvironmentTopology(
                ReferenceTopology.definition(), new ResourceNames(prefix), region, accountId, serviceId);
    }

    public Topology model() {
        return model;
    }

    public ResourceNames names() {
        return names;
    }

    public String prefix() {
        return names.prefix();
    }

    /** This service, as the model declares it. */
    public ServiceSpec service() {
        return service;
    }

    /** The region this environment's resources are in. */
    public String region() {
        return region;
    }

    /** The AWS partition of {@link #region()}: {@code aws}, {@code aws-cn} or {@code aws-us-gov}. */
    public String partition() {
        return partition;
    }

    /**
     * The ARNs of the topics the model subscribes this service's HTTPS endpoint to, by logical
     * topic name: the only topics that endpoint accepts deliveries from.
     */
    public java.util.Map<String, String> snsHttpsTopicArns() {
        var arns = new java.util.LinkedHashMap<String, String>();
        service.snsHttpsTopics().forEach(topic -> arns.put(topic, topicArn(topic)));
        return java.util.Collections.unmodifiableMap(arns);
    }

    /** The physical name of a queue the model declares. */
    public String queue(String logicalName) {
        return names.physical(model.queue(logicalName).name());
    }

    /** The ARN of a topic the model declares, e.g. {@code arn:aws:sns:eu-west-1:123456789012:prod-order-events}. */
    public String topicArn(String logicalName) {
        return arn("sns", model.topic(logicalName).name());
    }

    public String stream(String logicalName) {
        return names.physical(model.stream(logicalName).name());
    }

    public String table(String logicalName) {
        return names.physical(model.table(logicalName).name());
    }

    /** The physical name of one run-time table of a pattern the model declares, e.g. one replay's lease table. */
    public String runtimeTable(String namePrefix, String id) {
        RuntimeTableSpec pattern = model.runtimeTables().stream()
                .filter(p -> p.namePrefix().equals(namePrefix))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("no run-time table pattern '" + namePrefix + "*' in the model"));
        return names.physical(pattern.tableName(id));
    }

    /** The queues this service consumes (not their DLQs), in the order the model declares them. */
    public List<ConsumedQueue> consumedQueues() {
        return model.queuesConsumedBy(service.name()).stream()
                .map(this::consumed)
                .toList();
    }

    /** The consumed queue with this logical or physical name. */
    public Optional<ConsumedQueue> consumedQueue(String name) {
        return consumedQueues().stream()
                .filter(q -> q.logicalName().equals(name) || q.physicalName().equals(name))
                .findFirst();
    }

    private ConsumedQueue consumed(QueueSpec spec) {
        var deadLetter = spec.deadLetter().orElseThrow();
        return new ConsumedQueue(
                spec.name(),
                names.physical(spec.name()),
                names.physical(deadLetter.queueName()),
                spec.fifo(),
                deadLetter.maxReceiveCount(),
                spec.visibilityTimeout(),
                spec.listener());
    }

    private String arn(String service, String logicalName) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + names.physical(logicalName);
    }

    /** AWS partitions by region: China and GovCloud have their own ARN prefix. */
    static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
