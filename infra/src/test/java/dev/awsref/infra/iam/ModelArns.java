package dev.awsref.infra.iam;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.RuntimeTableSpec;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the ARN of a resource a test used on an emulator ({@code it-1a2b-high-value-orders} in
 * account 000000000000) into the ARN of the same resource in the deployed account, by its identity
 * in the model: the physical name is split into the test's environment prefix and a logical name
 * the topology declares (a topic, queue, stream, table, a run-time table pattern, a bucket), and
 * the deployed ARN is that logical name under the deployed environment's prefix, in the format AWS
 * gives that kind of resource. A name the model does not declare stays unmapped and is reported:
 * it is a resource the service uses that nothing deploys or grants.
 *
 * @param deployed the deployed environment's names
 * @param bucketNames each declared bucket's deployed name (CDK makes them unique per account and region)
 */
record ModelArns(Topology topology, ResourceNames deployed, Map<String, String> bucketNames) {

    private static final Pattern ARN = Pattern.compile("arn:aws:([a-z0-9-]+):([a-z0-9-]*):([0-9]*):(.+)");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");

    /** A recorded resource as it would be in the deployed account. */
    record Mapped(String arn, String identity) {}

    Mapped map(String recorded) {
        if (recorded.equals("*")) {
            return new Mapped("*", "any resource (the action takes none)");
        }
        if (recorded.startsWith("arn:aws:s3:::")) {
            return s3(recorded.substring("arn:aws:s3:::".length()));
        }
        var m = ARN.matcher(recorded);
        if (!m.matches()) {
            return new Mapped(recorded, "not an ARN: unmapped");
        }
        String service = m.group(1);
        String resource = m.group(4);
        return switch (service) {
            case "sqs" ->
                named(
                        service,
                        resource,
                        "",
                        topology.queues().stream().map(QueueSpec::name).toList(),
                        "queue");
            case "sns" ->
                named(
                        service,
                        resource,
                        "",
                        topology.topics().stream().map(TopicSpec::name).toList(),
                        "topic");
            case "kinesis" -> kinesis(resource);
            case "dynamodb" -> dynamodb(resource);
            default -> new Mapped(SynthesizedTemplates.arn(service, resource), service + " resource " + resource);
        };
    }

    /**
     * A KCL metric namespace: KCL names it after the application, which is its lease table's name,
     * so it maps as that table does (a declared lease table, or one under a run-time pattern).
     */
    String namespace(String recorded) {
        String table = dynamodb("table/" + recorded).arn();
        return table.substring(table.indexOf(":table/") + ":table/".length());
    }

    private Mapped named(String service, String physical, String arnPrefix, List<String> logicalNames, String kind) {
        return logicalOf(physical, logicalNames)
                .map(logical -> new Mapped(
                        SynthesizedTemplates.arn(service, arnPrefix + deployed.physical(logical)),
                        kind + " " + logical))
                .orElse(new Mapped(
                        SynthesizedTemplates.arn(service, arnPrefix + physical), kind + " not in the model"));
    }

    private Mapped kinesis(String resource) {
        // stream/<name>[/consumer/<consumer>:<timestamp>]
        String[] parts = resource.split("/", 3);
        String stream = parts[1];
        var names = topology.streams().stream().map(StreamSpec::name).toList();
        Optional<String> logical = logicalOf(stream, names);
        String deployedStream = logical.map(deployed::physical).orElse(stream);
        String rest = parts.length > 2 ? "/" + parts[2] : "";
        return new Mapped(
                SynthesizedTemplates.arn("kinesis", "stream/" + deployedStream + rest),
                logical.map(l -> "stream " + l + (rest.isEmpty() ? "" : " " + rest))
                        .orElse("stream not in the model"));
    }

    private Mapped dynamodb(String resource) {
        // table/<name>[/index/<index>]
        String[] parts = resource.split("/", 3);
        String table = parts[1];
        String rest = parts.length > 2 ? "/" + parts[2] : "";
        var declared = topology.tables().stream().map(TableSpec::name).toList();
        Optional<String> logical = logicalOf(table, declared);
        if (logical.isPresent()) {
            return new Mapped(
                    SynthesizedTemplates.arn("dynamodb", "table/" + deployed.physical(logical.orElseThrow()) + rest),
                    "table " + logical.orElseThrow() + rest);
        }
        for (RuntimeTableSpec pattern : topology.runtimeTables()) {
            int at = table.indexOf("-" + pattern.namePrefix());
            if (at > 0 && PREFIX.matcher(table.substring(0, at)).matches()) {
                String logicalName = table.substring(at + 1);
                return new Mapped(
                        SynthesizedTemplates.arn("dynamodb", "table/" + deployed.physical(logicalName) + rest),
                        "run-time table " + pattern.namePrefix() + "*" + rest);
            }
        }
        // A table named after a declared one (KCL's <application>-CoordinatorState, -WorkerMetricStats).
        for (String name : declared.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            int at = table.indexOf("-" + name + "-");
            if (at > 0 && PREFIX.matcher(table.substring(0, at)).matches()) {
                String suffix = table.substring(at + 1 + name.length());
                return new Mapped(
                        SynthesizedTemplates.arn("dynamodb", "table/" + deployed.physical(name) + suffix + rest),
                        "table " + name + suffix + rest + " (named after table " + name + ", not declared itself)");
            }
        }
        return new Mapped(SynthesizedTemplates.arn("dynamodb", resource), "table not in the model");
    }

    private Mapped s3(String resource) {
        String bucket = resource.contains("/") ? resource.substring(0, resource.indexOf('/')) : resource;
        String key = resource.substring(bucket.length());
        var names = topology.buckets().stream().map(b -> b.name()).toList();
        Optional<String> logical = logicalOf(bucket, names);
        if (logical.isPresent() && bucketNames.containsKey(logical.orElseThrow())) {
            return new Mapped(
                    "arn:aws:s3:::" + bucketNames.get(logical.orElseThrow()) + key, "bucket " + logical.orElseThrow());
        }
        return new Mapped("arn:aws:s3:::" + resource, "bucket not in the model");
    }

    /** The longest declared name {@code physical} is, after an environment prefix. */
    private static Optional<String> logicalOf(String physical, List<String> logicalNames) {
        return logicalNames.stream()
                .filter(l -> physical.endsWith("-" + l)
                        && PREFIX.matcher(physical.substring(0, physical.length() - l.length() - 1))
                                .matches())
                .max(Comparator.comparingInt(String::length));
    }
}
