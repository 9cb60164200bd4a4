package dev.awsref.infra.iam;

import dev.awsref.infra.iam.ModelArns.Mapped;
import dev.awsref.infra.iam.PolicySimulator.Case;
import dev.awsref.infra.iam.PolicySimulator.Outcome;
import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
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

/**
 * The IAM check (docs/iam.md): every AWS call each service made in its
 * integration tests (recorded by test-support, see docs/iam.md) is evaluated with an IAM policy
 * simulator against that service's instance-role policy as the synthesized templates in
 * {@code target/cdk.out} define it, together with the resource policies that also decide (queue
 * and topic policies, KMS key policies) and the KMS calls that SNS, SQS and Kinesis make with the
 * caller's rights on encrypted resources. The SNS-to-SQS and S3-to-SQS deliveries the templates
 * set up are evaluated against the queue and key policies.
 *
 * <p>{@link InstanceRolesAllowRecordedCallsIT} runs it on the recordings and fails on any denial.
 */
final class IamCheck {

    private static final Topology TOPOLOGY = ReferenceTopology.definition();
    private static final String POLICY_TYPE = "AWS::IAM::Policy";

    private final Path root;
    private final SynthesizedTemplates templates;
    private final ResourceNames deployed;
    private final ModelArns modelArns;
    private final Map<String, String> keyOfResource;

    /** One evaluated request and why it was made. */
    private record Evaluation(String principal, Case request, String why) {}

    /**
     * What the check found.
     *
     * @param evaluated how many distinct (principal, action, resource, condition keys) requests
     * @param byServices how many of them were the services' (the rest are deliveries by SNS and S3)
     * @param denials each request a role or resource policy denies, with why it was made
     * @param unusedGrants each instance-role statement's actions that no request needed
     * @param text the whole report, one line per request
     */
    record Report(int evaluated, long byServices, List<String> denials, List<String> unusedGrants, String text) {}

    IamCheck(Path root) {
        this.root = root;
        this.templates = SynthesizedTemplates.read(root.resolve("infra/target/cdk.out"));
        this.deployed = deployedNames();
        this.modelArns = new ModelArns(TOPOLOGY, deployed, bucketNames());
        this.keyOfResource = encryptionKeys();
    }

    /**
     * The recordings of every service the model declares: its integration tests' ({@code
     * <service>/target/aws-calls/<service>.jsonl}) followed by the system tests' (each start of its
     * process in {@code system-tests/target/aws-calls/<service>/start-<n>/<service>.jsonl}). Only
     * what exists is read; {@link #missingRecordings()} names what does not.
     */
    Map<String, List<RecordedCall>> recordings() {
        var out = new LinkedHashMap<String, List<RecordedCall>>();
        for (ServiceSpec service : TOPOLOGY.services()) {
            var calls = new ArrayList<RecordedCall>();
            Path integrationTests = integrationTestRecording(service);
            if (Files.isRegularFile(integrationTests)) {
                calls.addAll(RecordedCall.read(integrationTests));
            }
            systemTestRecordings(service).forEach(file -> calls.addAll(RecordedCall.read(file)));
            out.put(service.id(), calls);
        }
        return out;
    }

    /** The recordings that should exist after a root {@code ./mvnw verify} and do not, relative to the root. */
    List<String> missingRecordings() {
        var missing = new ArrayList<String>();
        for (ServiceSpec service : TOPOLOGY.services()) {
            if (!Files.isRegularFile(integrationTestRecording(service))) {
                missing.add(root.relativize(integrationTestRecording(service)).toString());
            }
            if (systemTestRecordings(service).isEmpty()) {
                missing.add(root.relativize(systemTestsCalls(service)) + "/start-*/" + service.id() + ".jsonl");
            }
        }
        return missing;
    }

    private Path integrationTestRecording(ServiceSpec service) {
        return root.resolve(service.id()).resolve("target/aws-calls/" + service.id() + ".jsonl");
    }

    private Path systemTestsCalls(ServiceSpec service) {
        return root.resolve("system-tests/target/aws-calls").resolve(service.id());
    }

    private List<Path> systemTestRecordings(ServiceSpec service) {
        Path directory = systemTestsCalls(service);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.walk(directory, 2)) {
            return files.filter(f -> f.getFileName().toString().equals(service.id() + ".jsonl"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Evaluates the calls of each service (by service id) and every delivery the templates set up. */
    Report run(Map<String, List<RecordedCall>> callsByService) throws Exception {
        var evaluations = new ArrayList<Evaluation>();
        var identityPolicies = new LinkedHashMap<String, List<Map<String, Object>>>();
        for (ServiceSpec service : TOPOLOGY.services()) {
            List<RecordedCall> calls = callsByService.get(service.id());
            if (calls == null) {
                continue;
            }
            String stack = stackOf(service);
            var policies = instancePolicies(stack);
            identityPolicies.put(service.id(), policies);
            String role = "arn:aws:iam::" + SynthesizedTemplates.ACCOUNT + ":role/" + stack + "-InstanceRole";
            for (RecordedCall call : calls) {
                evaluations.addAll(requestsOf(service.id(), role, call, policies));
            }
        }
        evaluations.addAll(deliveries());

        var distinct = new LinkedHashMap<String, Evaluation>();
        for (Evaluation e : evaluations) {
            distinct.putIfAbsent(
                    e.principal() + "|" + e.request().action() + "|"
                            + e.request().resource() + "|" + e.request().context(),
                    e);
        }
        var cases = new ArrayList<Case>();
        var byId = new LinkedHashMap<String, Evaluation>();
        for (Evaluation e : distinct.values()) {
            var c = e.request();
            var numbered = new Case(
                    Integer.toString(cases.size()),
                    c.principal(),
                    c.action(),
                    c.resource(),
                    c.accountId(),
                    c.context(),
                    c.identityPolicies(),
                    c.resourcePolicy());
            cases.add(numbered);
            byId.put(numbered.id(), new Evaluation(e.principal(), numbered, e.why()));
        }
        List<Outcome> outcomes = new PolicySimulator(root).evaluate(cases);

        var denials = new ArrayList<String>();
        var used = new LinkedHashMap<String, Set<String>>();
        var lines = new StringBuilder();
        for (Outcome outcome : outcomes) {
            Evaluation e = byId.get(outcome.id());
            String context =
                    e.request().context().isEmpty() ? "" : "  " + e.request().context();
            if (!"Allowed".equals(outcome.result())) {
                denials.add(e.principal() + " " + e.request().action() + " on "
                        + e.request().resource() + context
                        + ": " + outcome.result() + " (" + e.why() + ")"
                        + (outcome.errors() == null ? "" : " errors: " + outcome.errors()));
            }
            // A simulator error has no grants; it is reported above as a denial with its errors.
            for (String grant : outcome.grants() == null ? List.<String>of() : outcome.grants()) {
                if (grant.startsWith("identity:")) {
                    used.computeIfAbsent(
                                    e.principal() + " " + grant.substring("identity:".length()), k -> new TreeSet<>())
                            .add(e.request().action());
                }
            }
            lines.append("  ")
                    .append(outcome.result())
                    .append("  ")
                    .append(e.principal())
                    .append("  ")
                    .append(e.request().action())
                    .append("  ")
                    .append(e.request().resource())
                    .append(context)
                    .append("  <- ")
                    .append(e.why())
                    .append('\n');
        }
        var unused = unusedGrants(identityPolicies, used);
        long byServices = distinct.values().stream()
                .filter(e -> identityPolicies.containsKey(e.principal()))
                .count();
        var text = new StringBuilder();
        text.append("[iam] evaluated ")
                .append(cases.size())
                .append(" distinct (principal, action, resource) requests: ")
                .append(byServices)
                .append(" by the services' instance roles (their recorded calls and the KMS calls those imply), ")
                .append(cases.size() - byServices)
                .append(" deliveries by SNS and S3 into queues; ")
                .append(denials.size())
                .append(" denied\n");
        denials.forEach(d -> text.append("[iam] DENIED ").append(d).append('\n'));
        unused.forEach(u -> text.append("[iam] unused grant: ").append(u).append('\n'));
        text.append("[iam] every request, with what it was:\n").append(lines);
        return new Report(cases.size(), byServices, denials, unused, text.toString());
    }

    /** The recorded call, on its deployed resource, and the KMS calls AWS makes with its rights. */
    private List<Evaluation> requestsOf(
            String service, String role, RecordedCall call, List<Map<String, Object>> policies) {
        Mapped mapped = modelArns.map(call.resource());
        var out = new ArrayList<Evaluation>();
        var context = new LinkedHashMap<String, Object>(call.context());
        context.computeIfPresent("cloudwatch:namespace", (k, namespace) -> modelArns.namespace(namespace.toString()));
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
                why));
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
                        kmsAction + " that " + call.action() + " needs on the key of " + mapped.identity()));
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
                "delivery from " + source + " (queue policy)"));
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
                        "delivery from " + source + " into encrypted " + queue + " (key policy)"));
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
        if (SynthesizedTemplates.properties(roles.get(roleId)).get("ManagedPolicyArns") != null) {
            throw new AssertionError(stack + "'s instance role has managed policies, which this check cannot see");
        }
        var out = new ArrayList<Map<String, Object>>();
        templates.resources(stack, POLICY_TYPE).forEach((id, policy) -> {
            var props = SynthesizedTemplates.properties(policy);
            var attachedTo = (List<Object>) props.get("Roles");
            if (attachedTo.stream().anyMatch(r -> r instanceof Map<?, ?> m && roleId.equals(m.get("Ref")))) {
                out.add(Map.of("name", id, "policy", templates.resolve(stack, props.get("PolicyDocument"))));
            }
        });
        if (out.isEmpty()) {
            throw new AssertionError(stack + "'s instance role has no policy");
        }
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
