package dev.awsref.infra.iam;

import static dev.awsref.infra.CrossAccountTopology.PARTNER;
import static dev.awsref.infra.CrossAccountTopology.PARTNER_INBOX;
import static dev.awsref.infra.CrossAccountTopology.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.infra.CrossAccountTopology;
import dev.awsref.infra.InfraSettings;
import dev.awsref.infra.MessagingStack;
import dev.awsref.infra.iam.PolicySimulator.Case;
import dev.awsref.infra.iam.PolicySimulator.Outcome;
import dev.awsref.platform.provision.QueuePolicyDocument;
import dev.awsref.platform.provision.TopicPolicyDocument;
import dev.awsref.platform.topology.ReferenceTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cross-account access, evaluated by the IAM policy simulator of the IAM check: the model names a
 * partner account that may send to {@code partner-inbox} and subscribe a queue of its own to
 * {@code order-events} ({@link CrossAccountTopology}). Both the CDK app's policies (synthesized and
 * resolved as CloudFormation would) and the provisioner's are asked the same questions. Every
 * caller here has an identity policy allowing everything (its own administrator's grant, which a
 * cross-account request also needs), so what is denied is denied by our resource policies.
 */
class CrossAccountAccessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INBOX_ARN = SynthesizedTemplates.arn("sqs", "prod-" + PARTNER_INBOX);
    private static final String TOPIC_ARN = SynthesizedTemplates.arn("sns", "prod-" + ReferenceTopology.ORDER_EVENTS);
    private static final String REGION = SynthesizedTemplates.REGION;

    @TempDir
    static Path cdkOut;

    private static SynthesizedTemplates templates;
    private static String stack;

    private final PolicySimulator simulator = new PolicySimulator(Path.of(System.getProperty("project.root", "..")));

    @BeforeAll
    static void synthesizeTheMessagingStackOfATopologyWithAPartner() throws Exception {
        App app = App.Builder.create().outdir(cdkOut.toString()).build();
        new MessagingStack(app, "Msg", null, InfraSettings.defaults("prod"), CrossAccountTopology.withPartner());
        app.synth();
        assertThat(Files.list(cdkOut)).anyMatch(f -> f.toString().endsWith(".template.json"));
        templates = SynthesizedTemplates.read(cdkOut);
        stack = templates.stackNames().getFirst();
    }

    @Test
    void theNamedAccountMaySendToTheQueueOverTlsAndNobodyElseMay() throws Exception {
        Object queuePolicy = queuePolicy();

        var outcomes = evaluate(
                send("partner over TLS", PARTNER, true, queuePolicy),
                send("partner over plain HTTP", PARTNER, false, queuePolicy),
                send("stranger over TLS", STRANGER, true, queuePolicy),
                request("partner receiving", PARTNER, "sqs:ReceiveMessage", INBOX_ARN, tls(), queuePolicy));

        assertThat(outcomes)
                .containsEntry("partner over TLS", "Allowed")
                .containsEntry("partner over plain HTTP", "ExplicitlyDenied")
                .containsEntry("stranger over TLS", "ImplicitlyDenied")
                .containsEntry("partner receiving", "ImplicitlyDenied");
    }

    @Test
    void theKeyLetsTheNamedAccountEncryptThroughSqsOnly() throws Exception {
        String key = keyArn();
        Object keyPolicy = keyPolicy();
        var viaSqs = Map.<String, Object>of(
                "kms:ViaService", "sqs." + REGION + ".amazonaws.com", "aws:SecureTransport", "true");
        var viaSns = Map.<String, Object>of(
                "kms:ViaService", "sns." + REGION + ".amazonaws.com", "aws:SecureTransport", "true");

        var outcomes = evaluate(
                request("partner GenerateDataKey via SQS", PARTNER, "kms:GenerateDataKey", key, viaSqs, keyPolicy),
                request("partner Decrypt via SQS", PARTNER, "kms:Decrypt", key, viaSqs, keyPolicy),
                request("partner GenerateDataKey via SNS", PARTNER, "kms:GenerateDataKey", key, viaSns, keyPolicy),
                request("stranger GenerateDataKey via SQS", STRANGER, "kms:GenerateDataKey", key, viaSqs, keyPolicy));

        assertThat(outcomes)
                .containsEntry("partner GenerateDataKey via SQS", "Allowed")
                .containsEntry("partner Decrypt via SQS", "Allowed")
                .containsEntry("partner GenerateDataKey via SNS", "ImplicitlyDenied")
                .containsEntry("stranger GenerateDataKey via SQS", "ImplicitlyDenied");
    }

    @Test
    void theNamedAccountMaySubscribeOnlyAQueueOfItsOwnToTheTopicOverTls() throws Exception {
        Object topicPolicy = topicPolicy();

        var outcomes = evaluate(
                subscribe("partner's queue", PARTNER, "sqs", queueOf(PARTNER), true, topicPolicy),
                subscribe("partner's queue over plain HTTP", PARTNER, "sqs", queueOf(PARTNER), false, topicPolicy),
                subscribe("partner's https URL", PARTNER, "https", "https://partner.example/hook", true, topicPolicy),
                subscribe("a stranger's queue by the partner", PARTNER, "sqs", queueOf(STRANGER), true, topicPolicy),
                subscribe("stranger's queue", STRANGER, "sqs", queueOf(STRANGER), true, topicPolicy));

        assertThat(outcomes)
                .containsEntry("partner's queue", "Allowed")
                .containsEntry("partner's queue over plain HTTP", "ExplicitlyDenied")
                .containsEntry("partner's https URL", "ImplicitlyDenied")
                .containsEntry("a stranger's queue by the partner", "ImplicitlyDenied")
                .containsEntry("stranger's queue", "ImplicitlyDenied");
    }

    @Test
    void theProvisionersQueueAndTopicPoliciesDecideTheSameWay() throws Exception {
        var topology = CrossAccountTopology.withPartner();
        Object queuePolicy = JSON.readValue(
                QueuePolicyDocument.build(INBOX_ARN, List.of(), List.of(), topology.accountsSendingTo(PARTNER_INBOX)),
                Map.class);
        Object topicPolicy = JSON.readValue(
                TopicPolicyDocument.build(TOPIC_ARN, topology.accountsSubscribingTo(ReferenceTopology.ORDER_EVENTS)),
                Map.class);

        var outcomes = evaluate(
                send("partner over TLS", PARTNER, true, queuePolicy),
                send("partner over plain HTTP", PARTNER, false, queuePolicy),
                send("stranger over TLS", STRANGER, true, queuePolicy),
                subscribe("partner's queue", PARTNER, "sqs", queueOf(PARTNER), true, topicPolicy),
                subscribe("stranger's queue", STRANGER, "sqs", queueOf(STRANGER), true, topicPolicy));

        assertThat(outcomes)
                .containsEntry("partner over TLS", "Allowed")
                .containsEntry("partner over plain HTTP", "ExplicitlyDenied")
                .containsEntry("stranger over TLS", "ImplicitlyDenied")
                .containsEntry("partner's queue", "Allowed")
                .containsEntry("stranger's queue", "ImplicitlyDenied");
    }

    private Map<String, String> evaluate(Case... cases) throws Exception {
        List<Outcome> outcomes = simulator.evaluate(List.of(cases));
        var byId = new LinkedHashMap<String, String>();
        outcomes.forEach(o -> byId.put(o.id(), o.result() + (o.errors() == null ? "" : " " + o.errors())));
        System.out.println("[iam] cross-account: " + byId);
        return byId;
    }

    private static Case send(String id, String account, boolean tls, Object queuePolicy) {
        return request(
                id,
                account,
                "sqs:SendMessage",
                INBOX_ARN,
                Map.of("aws:SecureTransport", Boolean.toString(tls)),
                queuePolicy);
    }

    private static Case subscribe(
            String id, String account, String protocol, String endpoint, boolean tls, Object topicPolicy) {
        return request(
                id,
                account,
                "sns:Subscribe",
                TOPIC_ARN,
                Map.of(
                        "sns:Protocol",
                        protocol,
                        "sns:Endpoint",
                        endpoint,
                        "aws:SecureTransport",
                        Boolean.toString(tls)),
                topicPolicy);
    }

    /** A request by a role of {@code account} whose own policy allows everything. */
    private static Case request(
            String id, String account, String action, String resource, Map<String, Object> context, Object policy) {
        var administrator = Map.<String, Object>of(
                "name",
                "its-own-administrators-grant",
                "policy",
                Map.of(
                        "Version",
                        "2012-10-17",
                        "Statement",
                        List.of(Map.of("Effect", "Allow", "Action", "*", "Resource", "*"))));
        return new Case(
                id,
                "arn:aws:iam::" + account + ":role/integration",
                action,
                resource,
                SynthesizedTemplates.ACCOUNT,
                context,
                List.of(administrator),
                policy);
    }

    private static Map<String, Object> tls() {
        return Map.of("aws:SecureTransport", "true");
    }

    private static String queueOf(String account) {
        return "arn:aws:sqs:" + REGION + ":" + account + ":their-order-events";
    }

    @SuppressWarnings("unchecked")
    private static Object queuePolicy() {
        for (var policy : templates.resources(stack, "AWS::SQS::QueuePolicy").values()) {
            var props = SynthesizedTemplates.properties(policy);
            for (Object queue : (List<Object>) props.get("Queues")) {
                if (templates.resolveString(stack, queue).endsWith("/prod-" + PARTNER_INBOX)) {
                    return templates.resolve(stack, props.get("PolicyDocument"));
                }
            }
        }
        throw new AssertionError("no queue policy on " + PARTNER_INBOX);
    }

    @SuppressWarnings("unchecked")
    private static Object topicPolicy() {
        for (var policy : templates.resources(stack, "AWS::SNS::TopicPolicy").values()) {
            var props = SynthesizedTemplates.properties(policy);
            for (Object topic : (List<Object>) props.get("Topics")) {
                if (TOPIC_ARN.equals(templates.resolveString(stack, topic))) {
                    return templates.resolve(stack, props.get("PolicyDocument"));
                }
            }
        }
        throw new AssertionError("no topic policy on " + ReferenceTopology.ORDER_EVENTS);
    }

    private static String keyId() {
        var keys = new ArrayList<>(templates.resources(stack, "AWS::KMS::Key").keySet());
        assertThat(keys).hasSize(1);
        return keys.getFirst();
    }

    private static String keyArn() {
        return templates.resolveString(stack, Map.of("Fn::GetAtt", List.of(keyId(), "Arn")));
    }

    private static Object keyPolicy() {
        return templates.resolve(
                stack,
                SynthesizedTemplates.properties(
                                templates.resources(stack, "AWS::KMS::Key").get(keyId()))
                        .get("KeyPolicy"));
    }
}
