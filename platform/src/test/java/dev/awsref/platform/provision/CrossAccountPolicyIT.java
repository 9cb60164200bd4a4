package dev.awsref.platform.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioner carries the model's grants to other accounts into the queue and topic policies it
 * sets, next to the TLS-only deny, and leaves every other queue and topic as it was. The emulator
 * stores the policies without evaluating them; what they allow and deny is proven by the IAM
 * simulation in infra ({@code CrossAccountAccessIT}).
 */
@AwsEmulators
class CrossAccountPolicyIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PARTNER = "444455556666";

    private static AwsClients aws;
    private static EphemeralTopology provisioned;

    @BeforeAll
    static void provisionATopologyThatLetsAPartnerSendAndSubscribe(AwsTestEnvironment environment) {
        var topology = Topology.builder()
                .topic(TopicSpec.standard("order-events", ServiceName.ORDER))
                .topic(TopicSpec.standard("ops-alerts", null))
                .queueWithDeadLetter("partner-inbox", Duration.ofSeconds(30), 5, ServiceName.ORDER)
                .queueWithDeadLetter("own-work", Duration.ofSeconds(30), 5, ServiceName.ORDER)
                .allowAccountToSend(PARTNER, "partner-inbox")
                .allowAccountToSubscribe(PARTNER, "order-events")
                .build();
        aws = new AwsClients(ReferenceTopologyIT.endpointsOf(environment));
        provisioned = EphemeralTopology.provision(aws, topology, "xacct");
    }

    @AfterAll
    static void deleteTheTopologyAndCloseClients() {
        provisioned.close();
        aws.close();
    }

    @Test
    void theNamedAccountMaySendToItsQueueOnlyAndEveryQueueStillRefusesPlainHttp() {
        JsonNode inbox = JSON.readTree(queuePolicy("partner-inbox"));
        JsonNode ownWork = JSON.readTree(queuePolicy("own-work"));

        assertThat(statementsWithPrincipal(inbox, "arn:aws:iam::" + PARTNER + ":root"))
                .singleElement()
                .satisfies(st -> assertThat(st.get("Action").stringValue()).isEqualTo("sqs:SendMessage"));
        assertThat(statementsWithPrincipal(ownWork, PARTNER)).isEmpty();
        assertThat(List.of(inbox, ownWork))
                .allSatisfy(policy -> assertThat(policy.toString()).contains("DenyInsecureTransport"));
    }

    @Test
    void theNamedAccountMaySubscribeOnlyQueuesOfItsOwnToTheTopicAndOtherTopicsKeepTheirDefaultPolicy() {
        JsonNode orderEvents = JSON.readTree(topicPolicy("order-events"));

        assertThat(statementsWithPrincipal(orderEvents, PARTNER))
                .singleElement()
                .satisfies(st -> {
                    assertThat(st.get("Action").stringValue()).isEqualTo("sns:Subscribe");
                    assertThat(st.get("Condition").toString())
                            .contains("\"sns:Protocol\":\"sqs\"", "arn:aws:sqs:*:" + PARTNER + ":*");
                });
        assertThat(orderEvents.toString()).contains("DenyInsecureTransport");
        String opsAlerts = topicPolicy("ops-alerts");
        assertThat(opsAlerts == null ? "" : opsAlerts).doesNotContain(PARTNER);
    }

    @Test
    void provisioningAgainChangesNoPolicy() {
        var report = new Provisioner(
                        aws, provisioned.names(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .provision(provisioned.topology());

        assertThat(report.entries())
                .filteredOn(e -> e.kind().equals("sqs queue") || e.kind().equals("sns topic"))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.action()).isEqualTo(ProvisionReport.Action.UNCHANGED));
    }

    private static List<JsonNode> statementsWithPrincipal(JsonNode policy, String principal) {
        var out = new ArrayList<JsonNode>();
        policy.get("Statement").forEach(st -> {
            if (st.has("Principal") && st.get("Principal").toString().contains(principal)) {
                out.add(st);
            }
        });
        return out;
    }

    private static String queuePolicy(String logicalQueue) {
        return aws.sqs()
                .getQueueAttributes(
                        b -> b.queueUrl(provisioned.queueUrl(logicalQueue)).attributeNames(QueueAttributeName.POLICY))
                .attributes()
                .get(QueueAttributeName.POLICY);
    }

    private static String topicPolicy(String logicalTopic) {
        return aws.sns()
                .getTopicAttributes(b -> b.topicArn(provisioned.topicArn(logicalTopic)))
                .attributes()
                .get("Policy");
    }
}
