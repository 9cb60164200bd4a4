package dev.awsref.infra.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudFormation templates {@code infra} synthesized into {@code target/cdk.out} (what
 * {@code cdk deploy} would deploy), with their intrinsic functions resolved as CloudFormation would
 * in one account and region: {@code Ref}, {@code Fn::GetAtt ... Arn}, {@code Fn::Join},
 * {@code Fn::ImportValue} across stacks, {@code Fn::Select}/{@code Fn::Split}. A resource's ARN
 * comes from its physical name property (QueueName, TopicName, TableName...), as AWS forms it; a
 * key or secret, whose id AWS makes up, gets a stable made-up id. Anything it cannot resolve fails
 * loudly rather than yielding a string that might match too much.
 */
final class SynthesizedTemplates {

    static final String PARTITION = "aws";
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "111122223333";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Map<String, Object>> stacks = new LinkedHashMap<>();

    private SynthesizedTemplates() {}

    @SuppressWarnings("unchecked")
    static SynthesizedTemplates read(Path cdkOut) {
        var templates = new SynthesizedTemplates();
        try (Stream<Path> files = Files.list(cdkOut)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".template.json"))
                    .sorted()
                    .toList()) {
                String stack = file.getFileName().toString().replace(".template.json", "");
                templates.stacks.put(stack, JSON.readValue(file.toFile(), Map.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (templates.stacks.isEmpty()) {
            throw new IllegalStateException("no templates in " + cdkOut + ": run the infra module's package phase");
        }
        return templates;
    }

    List<String> stackNames() {
        return List.copyOf(stacks.keySet());
    }

    /** Every resource of {@code type} in {@code stack}, by logical id. */
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String stack, String type) {
        var out = new LinkedHashMap<String, Map<String, Object>>();
        var resources = (Map<String, Map<String, Object>>) stacks.get(stack).get("Resources");
        resources.forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                out.put(id, resource);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** A value of {@code stack}'s template with every intrinsic function resolved. */
    @SuppressWarnings("unchecked")
    Object resolve(String stack, Object node) {
        if (node instanceof List<?> list) {
            var out = new ArrayList<Object>();
            for (Object item : list) {
                out.add(resolve(stack, item));
            }
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        if (map.size() == 1) {
            var entry = map.entrySet().iterator().next();
            String function = entry.getKey().toString();
            Object argument = entry.getValue();
            switch (function) {
                case "Ref":
                    return ref(stack, argument.toString());
                case "Fn::GetAtt": {
                    var args = (List<Object>) argument;
                    return attribute(stack, args.get(0).toString(), args.get(1).toString());
                }
                case "Fn::Join": {
                    var args = (List<Object>) argument;
                    var parts = (List<Object>) resolve(stack, args.get(1));
                    var joined = new StringBuilder();
                    for (int i = 0; i < parts.size(); i++) {
                        joined.append(i == 0 ? "" : args.get(0)).append(parts.get(i));
                    }
                    return joined.toString();
                }
                case "Fn::ImportValue":
                    return importValue(resolve(stack, argument).toString());
                case "Fn::Select": {
                    var args = (List<Object>) argument;
                    var from = (List<Object>) resolve(stack, args.get(1));
                    return from.get(Integer.parseInt(resolve(stack, args.get(0)).toString()));
                }
                case "Fn::Split": {
                    var args = (List<Object>) argument;
                    return List.of(resolve(stack, args.get(1))
                            .toString()
                            .split(java.util.regex.Pattern.quote(args.get(0).toString()), -1));
                }
                default:
                    if (function.startsWith("Fn::")) {
                        throw new IllegalStateException(stack + ": cannot resolve " + function + " " + argument);
                    }
            }
        }
        var out = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> out.put(k.toString(), resolve(stack, v)));
        return out;
    }

    String resolveString(String stack, Object node) {
        return resolve(stack, node).toString();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resource(String stack, String logicalId) {
        var resources = (Map<String, Map<String, Object>>) stacks.get(stack).get("Resources");
        var resource = resources.get(logicalId);
        if (resource == null) {
            throw new IllegalStateException(stack + " has no resource " + logicalId);
        }
        return resource;
    }

    private Object ref(String stack, String name) {
        switch (name) {
            case "AWS::Partition":
                return PARTITION;
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stack;
            default:
                break;
        }
        var resource = resource(stack, name);
        var props = properties(resource);
        return switch (resource.get("Type").toString()) {
            case "AWS::SNS::Topic" -> arn("sns", physicalName(stack, name, props, "TopicName"));
            case "AWS::SQS::Queue" ->
                "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/"
                        + physicalName(stack, name, props, "QueueName");
            case "AWS::SecretsManager::Secret" ->
                arn("secretsmanager", "secret:" + physicalName(stack, name, props, "Name") + "-AbCdEf");
            case "AWS::KMS::Key" -> keyId(stack, name);
            case "AWS::S3::Bucket" -> physicalName(stack, name, props, "BucketName");
            case "AWS::DynamoDB::Table" -> physicalName(stack, name, props, "TableName");
            case "AWS::Kinesis::Stream" -> physicalName(stack, name, props, "Name");
            case "AWS::IAM::Role" -> physicalName(stack, name, props, "RoleName");
            default -> stack + "-" + name;
        };
    }

    private Object attribute(String stack, String logicalId, String attribute) {
        var resource = resource(stack, logicalId);
        var props = properties(resource);
        String type = resource.get("Type").toString();
        if (!attribute.equals("Arn") && !attribute.equals("TopicArn")) {
            if (type.equals("AWS::SQS::Queue") && attribute.equals("QueueName")) {
                return physicalName(stack, logicalId, props, "QueueName");
            }
            throw new IllegalStateException(stack + ": cannot resolve attribute " + attribute + " of " + type);
        }
        return switch (type) {
            case "AWS::SQS::Queue" -> arn("sqs", physicalName(stack, logicalId, props, "QueueName"));
            case "AWS::SNS::Topic" -> arn("sns", physicalName(stack, logicalId, props, "TopicName"));
            case "AWS::Kinesis::Stream" -> arn("kinesis", "stream/" + physicalName(stack, logicalId, props, "Name"));
            case "AWS::DynamoDB::Table" ->
                arn("dynamodb", "table/" + physicalName(stack, logicalId, props, "TableName"));
            case "AWS::KMS::Key" -> arn("kms", "key/" + keyId(stack, logicalId));
            case "AWS::S3::Bucket" ->
                "arn:" + PARTITION + ":s3:::" + physicalName(stack, logicalId, props, "BucketName");
            case "AWS::IAM::Role" ->
                "arn:" + PARTITION + ":iam::" + ACCOUNT + ":role/" + physicalName(stack, logicalId, props, "RoleName");
            case "AWS::SecretsManager::Secret" -> ref(stack, logicalId);
            default -> throw new IllegalStateException(stack + ": cannot resolve the ARN of a " + type);
        };
    }

    /** The name a property gives, or the one CloudFormation would generate (stack-logicalId). */
    private String physicalName(String stack, String logicalId, Map<String, Object> props, String property) {
        Object name = props.get(property);
        return name == null ? stack + "-" + logicalId : resolveString(stack, name);
    }

    private static String keyId(String stack, String logicalId) {
        return UUID.nameUUIDFromBytes((stack + "/" + logicalId).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    static String arn(String service, String resource) {
        return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
    }

    @SuppressWarnings("unchecked")
    private Object importValue(String exportName) {
        for (var stack : stacks.entrySet()) {
            var outputs = (Map<String, Map<String, Object>>) stack.getValue().getOrDefault("Outputs", Map.of());
            for (var output : outputs.values()) {
                var export = (Map<String, Object>) output.get("Export");
                if (export != null && exportName.equals(resolveString(stack.getKey(), export.get("Name")))) {
                    return resolve(stack.getKey(), output.get("Value"));
                }
            }
        }
        throw new IllegalStateException("no stack exports " + exportName);
    }
}
