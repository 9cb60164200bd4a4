package dev.awsref.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.infra.iam.ModelArns.Mapped;
import dev.awsref.infra.iam.PolicySimulator.Case;
import dev.awsref.infra.iam.PolicySimulator.Outcome;
import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What passes on the emulators must pass on AWS: every AWS call each service made in its
 * integration tests (recorded by test-support, see docs/iam.md) is evaluated with an IAM policy
 * simulator against that service's instance-role policy as the synthesized templates in
 * {@code target/cdk.out} define it, together with the resource policies that also decide (queue
 * and topic policies, KMS key policies) and the KMS calls that SNS, SQS and Kinesis make with the
 * caller's rights on encrypted resources. The SNS-to-SQS and S3-to-SQS deliveries the templates
 * set up are evaluated against the queue and key policies.
 *
 * <p>Fails on any denial; reports the grants no recorded call used. Runs in infra's
 * integration-test phase, after the services' modules recorded their calls (the reactor builds
 * infra last).
 */
class InstanceRolesAllowRecordedCallsIT {

    private static final Topology TOPOLOGY = ReferenceTopology.definition();
    private static final String POLICY_TYPE = "AWS::IAM::Policy";

    private final Path root = Path.of(System.getProperty("project.root", ".."));
    private final SynthesizedTemplates templates = SynthesizedTemplates.read(root.resolve("infra/target/cdk.out"));
    private final ResourceNames deployed = deployedNames();
    private final ModelArns modelArns = new ModelArns(TOPOLOGY, deployed, bucketNames());
    private final Map<String, String> keyOfResource = encryptionKeys();

    /** One evaluated request and why it was made. */
    private record Evaluation(String principal, Case request, String why, String statement) {}

    @Test
    void everyRecordedCallIsAllowedByTheServicesInstanceRoleAndEveryDeliveryByTheResourcePolicies() throws Exception {
        var evaluations = new ArrayList<Evaluation>();
        var missing = new ArrayList<String>();
        var identityPolicies = new LinkedHashMap<String, List<Map<String, Object>>>();
        for (ServiceSpec service : TOPOLOGY.services()) {
            Path recorded = root.resolve(service.id()).resolve("target/aws-calls/" + service.id() + ".jsonl");
            if (!Files.isRegularFile(recorded)) {
                missing.add(root.relativize(recorded).toString());
                continue;
            }
            String stack = stackOf(service);
            var policies = instancePolicies(stack);
            identityPolicies.put(service.id(), policies);
            String role = "arn:aws:iam::" + SynthesizedTemplates.ACCOUNT + ":role/" + stack + "-InstanceRole";
            for (RecordedCall call : RecordedCall.read(recorded)) {
                evaluations.addAll(requestsOf(service.id(), role, call, policies));
            }
        }
        assertThat(missing)
                .as("recorded calls are missing: run the services' integration tests first (./dev test, or"
                        + " ./mvnw verify from the root, which builds infra last)")
                .isEmpty();
        evaluations.addAll(deliveries());

        var distinct = new LinkedHashMap<String, Evaluation>();
        for (Evaluation e : evaluations) {
            distinct.putIfAbsent(
                    e.principal() + "|" + e.request().action() + "|"
                            + e.request().resource() + "|" + e.request().context(),
                    e);
        }
        var cases = new ArrayList<Case>();
        int id = 0;
        var byId = new LinkedHashMap<String, Evaluation>();
        for (Evaluation e : distinct.values()) {
            var c = e.request();
            var numbered = new Case(
                    Integer.toString(id++),
                    c.principal(),
                    c.action(),
                    c.resource(),
                    c.accountId(),
                    c.context(),
                    c.identityPolicies(),
                    c.resourcePolicy());
            cases.add(numbered);
            byId.put(numbered.id(), new Evaluation(e.principal(), numbered, e.why(), e.statement()));
        }
        List<Outcome> outcomes = new PolicySimulator(root).evaluate(cases);

        var report = new StringBuilder();
        var denials = new ArrayList<String>();
        var used = new LinkedHashMap<String, Set<String>>();
        for (Outcome outcome : outcomes) {
            Evaluation e = byId.get(outcome.id());
            if (!"Allowed".equals(outcome.result())) {
                denials.add(e.principal() + " " + e.request().action() + " on "
                        + e.request().resource()
                        + (e.request().context().isEmpty()
                                ? ""
                                : " " + e.request().context()) + ": "
                        + outcome.result() + " (" + e.why() + ")"
                        + (outcome.errors() == null ? "" : " errors: " + outcome.errors()));
            }
            for (String grant : outcome.grants()) {
                if (grant.startsWith("identity:")) {
                    used.computeIfAbsent(
                                    e.principal() + " " + grant.substring("identity:".length()), k -> new TreeSet<>())
                            .add(e.request().action());
                }
            }
        }
        var unused = unusedGrants(identityPolicies, used);
        long services = distinct.values().stream()
                .filter(e -> identityPolicies.containsKey(e.principal()))
                .count();
        report.append("[iam] evaluated ")
                .append(cases.size())
                .append(" distinct (principal, action, resource) requests: ")
                .append(services)
                .append(" by the services' instance roles (recorded calls and the KMS calls they imply), ")
                .append(cases.size() - services)
                .append(" deliveries by SNS and S3 into queues; ")
                .append(denials.size())
                .append(" denied\n");
        denials.forEach(d -> report.append("[iam] DENIED ").append(d).append('\n'));
        unused.forEach(u -> report.append("[iam] unused grant: ").append(u).append('\n'));
        report.append("[iam] every request, with what it was:\n");
        for (Outcome outcome : outcomes) {
            Evaluation e = byId.get(outcome.id());
            report.append("  ")
                    .append(outcome.result())
                    .append("  ")
                    .append(e.principal())
                    .append("  ")
                    .append(e.request().action())
                    .append("  ")
                    .append(e.request().resource())
                    .append(
                            e.request().context().isEmpty()
                                    ? ""
                                    : "  " + e.request().context())
                    .append("  <- ")
                    .append(e.why())
                    .append('\n');
        }
        Path out = root.resolve("infra/target/iam-check.txt");
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.print(report.substring(0, report.indexOf("[iam] every request")));
        System.out.println("[iam] the full list: " + root.relativize(out));

        assertThat(denials)
                .as("calls the services make that their instance roles (or the resource policies) would deny on AWS")
                .isEmpty();
    }

    /** The recorded call, on its deployed resource, and the KMS calls AWS makes with its rights. */
    private List<Evaluation> requestsOf(
            String service, String role, RecordedCall call, List<Map<String, Object>> policies) {
        Mapped mapped = modelArns.map(call.resource());
        var out = new ArrayList<Evaluation>();
        var context = new LinkedHashMap<String, Object>(call.context());
        context.put("aws:SecureTransport", "true");
        String why = call.operation() + " by " + call.caller() + " on " + mapped.identity();
        out.add(new Evaluation(
                service,
                new Case(
                        "",
                        role,
                        call.action(),
                        mapped.arn(),
                        SynthesizedTemplates.ACCOUNT,
                        context,
                        policies,
                        resourcePolicyOf(mapped.arn()).orElse(null)),
                why,
                ""));
        Optional<String> key = Optional.ofNullable(keyOfResource.get(mapped.arn()));
        if (key.isPresent()) {
            for (String kmsAction : kmsActionsFor(call.action())) {
                String viaService = call.action().substring(0, call.action().indexOf(':')) + "."
                        + SynthesizedTemplates.REGION + ".amazonaws.com";
                out.add(new Evaluation(
                        service,
                        new Case(
                                "",
                                role,
                                kmsAction,
                                key.orElseThrow(),
                                SynthesizedTemplates.ACCOUNT,
                                Map.of(
                                        "kms:ViaService",
                                        viaService,
                                        "kms:CallerAccount",
                                        SynthesizedTemplates.ACCOUNT,
                                        "aws:SecureTransport",
                                        "true"),
                                policies,
                                keyPolicy(key.orElseThrow())),
                        kmsAction + " that " + call.action() + " needs on the key of " + mapped.identity(),
                        ""));
            }
        }
        return out;
    }

    /**
     * The KMS actions the caller needs for an action on a resource encrypted with a customer
     * managed key: SNS https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html, SQS
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
     * Kinesis https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html.
     * DynamoDB uses the grant it creates on the key when it creates the table, so item calls need
     * no KMS rights of the caller.
     */
    private static List<String> kmsActionsFor(String action) {
        return switch (action) {
            case "sns:Publish", "sqs:SendMessage" -> List.of("kms:GenerateDataKey", "kms:Decrypt");
            case "sqs:ReceiveMessage" -> List.of("kms:Decrypt");
            case "kinesis:PutRecord", "kinesis:PutRecords" -> List.of("kms:GenerateDataKey");
            case "kinesis:GetRecords" -> List.of("kms:Decrypt");
            default -> List.of();
        };
    }

    /** SNS into each subscribed queue, S3 into each notified queue: the queue's policy and key policy decide. */
    @SuppressWarnings("unchecked")
    private List<Evaluation> deliveries() {
        var out = new ArrayList<Evaluation>();
        for (String stack : templates.stackNames()) {
            for (var subscription :
                    templates.resources(stack, "AWS::SNS::Subscription").values()) {
                var props = SynthesizedTemplates.properties(subscription);
                if (!"sqs".equals(props.get("Protocol"))) {
                    continue;
                }
                String topic = templates.resolveString(stack, props.get("TopicArn"));
                String queue = templates.resolveString(stack, props.get("Endpoint"));
                out.addAll(delivery("sns.amazonaws.com", topic, queue));
            }
        }
        for (BucketSpec bucket : TOPOLOGY.buckets()) {
            String bucketArn = "arn:aws:s3:::" + bucketNames().get(bucket.name());
            String queue = SynthesizedTemplates.arn("sqs", deployed.physical(bucket.objectCreatedQueue()));
            out.addAll(delivery("s3.amazonaws.com", bucketArn, queue));
        }
        return out;
    }

    private List<Evaluation> delivery(String servicePrincipal, String source, String queue) {
        var context = Map.<String, Object>of(
                "aws:SourceArn",
                source,
                "aws:SourceAccount",
                SynthesizedTemplates.ACCOUNT,
                "aws:SecureTransport",
                "true");
        var out = new ArrayList<Evaluation>();
        String principal = servicePrincipal.replace(".amazonaws.com", "");
        out.add(new Evaluation(
                principal,
                new Case(
                        "",
                        servicePrincipal,
                        "sqs:SendMessage",
                        queue,
                        SynthesizedTemplates.ACCOUNT,
                        context,
                        List.of(),
                        resourcePolicyOf(queue).orElse(null)),
                "delivery from " + source + " (queue policy)",
                ""));
        Optional.ofNullable(keyOfResource.get(queue)).ifPresent(key -> {
            for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                out.add(new Evaluation(
                        principal,
                        new Case(
                                "",
                                servicePrincipal,
                                action,
                                key,
                                SynthesizedTemplates.ACCOUNT,
                                context,
                                List.of(),
                                keyPolicy(key)),
                        "delivery from " + source + " into encrypted " + queue + " (key policy)",
                        ""));
            }
        });
        return out;
    }

    /** The stack of a service: the one with its Elastic Beanstalk environment. */
    private String stackOf(ServiceSpec service) {
        for (String stack : templates.stackNames()) {
            for (var env : templates
                    .resources(stack, "AWS::ElasticBeanstalk::Environment")
                    .values()) {
                Object name = SynthesizedTemplates.properties(env).get("EnvironmentName");
                if (name != null && deployed.physical(service.id()).equals(templates.resolveString(stack, name))) {
                    return stack;
                }
            }
        }
        throw new AssertionError("no stack deploys " + service.id());
    }

    /**
     * The policies attached to the stack's instance role (the role EC2 assumes), resolved. A managed
     * policy on it would grant what the template does not show: refused.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> instancePolicies(String stack) {
        var roles = templates.resources(stack, "AWS::IAM::Role");
        String roleId = roles.entrySet().stream()
                .filter(e -> SynthesizedTemplates.properties(e.getValue())
                        .get("AssumeRolePolicyDocument")
                        .toString()
                        .contains("ec2.amazonaws.com"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError(stack + " has no instance role"));
        assertThat(SynthesizedTemplates.properties(roles.get(roleId)).get("ManagedPolicyArns"))
                .as(stack + "'s instance role has managed policies, which this check cannot see")
                .isNull();
        var out = new ArrayList<Map<String, Object>>();
        templates.resources(stack, POLICY_TYPE).forEach((id, policy) -> {
            var props = SynthesizedTemplates.properties(policy);
            var attachedTo = (List<Object>) props.get("Roles");
            if (attachedTo.stream().anyMatch(r -> r instanceof Map<?, ?> m && roleId.equals(m.get("Ref")))) {
                out.add(Map.of("name", id, "policy", templates.resolve(stack, props.get("PolicyDocument"))));
            }
        });
        assertThat(out).as(stack + "'s instance role has no policy").isNotEmpty();
        return out;
    }

    /** A queue's or topic's resource policy, by the resource's deployed ARN. */
    @SuppressWarnings("unchecked")
    private Optional<Object> resourcePolicyOf(String arn) {
        for (String stack : templates.stackNames()) {
            for (var policy :
                    templates.resources(stack, "AWS::SQS::QueuePolicy").values()) {
                var props = SynthesizedTemplates.properties(policy);
                for (Object queue : (List<Object>) props.get("Queues")) {
                    String url = templates.resolveString(stack, queue);
                    if (arn.equals(SynthesizedTemplates.arn("sqs", url.substring(url.lastIndexOf('/') + 1)))) {
                        return Optional.of(templates.resolve(stack, props.get("PolicyDocument")));
                    }
                }
            }
            for (var policy :
                    templates.resources(stack, "AWS::SNS::TopicPolicy").values()) {
                var props = SynthesizedTemplates.properties(policy);
                for (Object topic : (List<Object>) props.get("Topics")) {
                    if (arn.equals(templates.resolveString(stack, topic))) {
                        return Optional.of(templates.resolve(stack, props.get("PolicyDocument")));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Object keyPolicy(String keyArn) {
        for (String stack : templates.stackNames()) {
            for (var entry : templates.resources(stack, "AWS::KMS::Key").entrySet()) {
                String arn = templates.resolveString(stack, Map.of("Fn::GetAtt", List.of(entry.getKey(), "Arn")));
                if (arn.equals(keyArn)) {
                    return templates.resolve(
                            stack,
                            SynthesizedTemplates.properties(entry.getValue()).get("KeyPolicy"));
                }
            }
        }
        throw new AssertionError("no key " + keyArn + " in the templates");
    }

    /** Each encrypted queue, topic and stream's customer managed key, by the resource's ARN. */
    @SuppressWarnings("unchecked")
    private Map<String, String> encryptionKeys() {
        var keys = new LinkedHashMap<String, String>();
        for (String stack : templates.stackNames()) {
            templates
                    .resources(stack, "AWS::SQS::Queue")
                    .forEach((id, r) -> Optional.ofNullable(
                                    SynthesizedTemplates.properties(r).get("KmsMasterKeyId"))
                            .ifPresent(k -> keys.put(arnOf(stack, id), keyArn(stack, k))));
            templates
                    .resources(stack, "AWS::SNS::Topic")
                    .forEach((id, r) -> Optional.ofNullable(
                                    SynthesizedTemplates.properties(r).get("KmsMasterKeyId"))
                            .ifPresent(k -> keys.put(arnOf(stack, id), keyArn(stack, k))));
            templates
                    .resources(stack, "AWS::Kinesis::Stream")
                    .forEach((id, r) -> Optional.ofNullable((Map<String, Object>)
                                    SynthesizedTemplates.properties(r).get("StreamEncryption"))
                            .ifPresent(e -> keys.put(arnOf(stack, id), keyArn(stack, e.get("KeyId")))));
        }
        keys.values().removeIf(k -> k.contains(":alias/")); // AWS managed keys: AWS's key policy
        return keys;
    }

    private String arnOf(String stack, String logicalId) {
        return templates.resolveString(stack, Map.of("Fn::GetAtt", List.of(logicalId, "Arn")));
    }

    private String keyArn(String stack, Object key) {
        String value = templates.resolveString(stack, key);
        return value.startsWith("arn:") ? value : SynthesizedTemplates.arn("kms", "key/" + value);
    }

    /** The deployed environment's prefix, read off the topic the model declares first. */
    private ResourceNames deployedNames() {
        String logical = TOPOLOGY.topics().getFirst().name();
        for (String stack : templates.stackNames()) {
            for (var topic : templates.resources(stack, "AWS::SNS::Topic").values()) {
                String name = templates.resolveString(
                        stack, SynthesizedTemplates.properties(topic).get("TopicName"));
                if (name.endsWith("-" + logical)) {
                    return new ResourceNames(name.substring(0, name.length() - logical.length() - 1));
                }
            }
        }
        throw new AssertionError("no template declares topic " + logical);
    }

    /** Each declared bucket's deployed name: its environment name and a suffix CDK adds. */
    private Map<String, String> bucketNames() {
        var names = new LinkedHashMap<String, String>();
        for (BucketSpec bucket : TOPOLOGY.buckets()) {
            String expected = deployed.physical(bucket.name());
            for (String stack : templates.stackNames()) {
                for (var b : templates.resources(stack, "AWS::S3::Bucket").values()) {
                    Object name = SynthesizedTemplates.properties(b).get("BucketName");
                    if (name != null) {
                        String resolved = templates.resolveString(stack, name);
                        if (resolved.equals(expected) || resolved.startsWith(expected + "-")) {
                            names.put(bucket.name(), resolved);
                        }
                    }
                }
            }
        }
        return names;
    }

    /** Each instance-role statement's actions that no recorded call needed. */
    @SuppressWarnings("unchecked")
    private static List<String> unusedGrants(
            Map<String, List<Map<String, Object>>> policies, Map<String, Set<String>> used) {
        var out = new ArrayList<String>();
        policies.forEach((service, attached) -> {
            for (var policy : attached) {
                var document = (Map<String, Object>) policy.get("policy");
                for (var statement : (List<Map<String, Object>>) document.get("Statement")) {
                    String sid = String.valueOf(statement.get("Sid"));
                    Object actions = statement.get("Action");
                    var declared = new LinkedHashSet<String>();
                    if (actions instanceof List<?> l) {
                        l.forEach(a -> declared.add(a.toString()));
                    } else {
                        declared.add(actions.toString());
                    }
                    declared.removeAll(used.getOrDefault(service + " " + sid, Set.of()));
                    if (!declared.isEmpty()) {
                        out.add(service + " " + sid + " " + declared);
                    }
                }
            }
        });
        return out;
    }
}
