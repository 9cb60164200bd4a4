package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.list;
import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static dev.awsref.infra.TemplateReader.statements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.infra.deploy.DeploymentPolicy;
import dev.awsref.platform.topology.ServiceName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

class ServiceStackTest {

    private final InfraApp.Stacks stacks = SynthesizedApp.stacks();

    private Template template(ServiceName service) {
        return SynthesizedApp.template(stacks.services().get(service));
    }

    /** The instance policy's statements by Sid. */
    private Map<String, Map<String, Object>> instanceStatements(ServiceName service) {
        return statements(template(service), "AWS::IAM::Policy", "PolicyDocument").stream()
                .collect(Collectors.toMap(s -> (String) s.get("Sid"), s -> s, (a, b) -> a, LinkedHashMap::new));
    }

    @Test
    void noInstanceRoleHasAWildcardActionOrAWildcardResourceWhereAwsAllowsANarrowerOne() {
        for (ServiceName service : ServiceName.values()) {
            instanceStatements(service).forEach((sid, st) -> {
                assertThat(list(st.get("Action")))
                        .as(service + " " + sid)
                        .allSatisfy(action -> assertThat(action.toString()).doesNotContain("*"));
                if (!sid.equals("XRayTraces")) { // X-Ray actions support no resource-level permissions
                    assertThat(list(st.get("Resource"))).as(service + " " + sid).doesNotContain("*");
                }
            });
        }
    }

    @Test
    void orderServiceMayPublishToItsTwoTopicsAndConsumesNothing() {
        var statements = instanceStatements(ServiceName.ORDER);
        assertThat(list(statements.get("PublishToItsTopics").get("Action"))).containsExactly("sns:Publish");
        assertThat(list(statements.get("PublishToItsTopics").get("Resource"))).hasSize(2);
        assertThat(statements).doesNotContainKeys("ConsumeItsQueues", "ProduceUserActivity", "ReadWriteItsTables");
        assertThat(list(statements.get("ReadItsSecrets").get("Resource"))).hasSize(2); // database + Redis
    }

    @Test
    void notificationServiceConsumesExactlyItsQueuesAndMayRedriveItsDeadLetterQueues() {
        var statements = instanceStatements(ServiceName.NOTIFICATION);
        long itsQueues = SynthesizedApp.TOPOLOGY.queues().stream()
                .filter(q -> q.consumer() == ServiceName.NOTIFICATION)
                .count();
        assertThat(list(statements.get("ConsumeItsQueues").get("Action")))
                .containsExactlyInAnyOrder(
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl");
        assertThat(list(statements.get("ConsumeItsQueues").get("Resource"))).hasSize((int) itsQueues);
        assertThat(list(statements.get("RedriveItsDeadLetterQueues").get("Action")))
                .contains("sqs:StartMessageMoveTask");
        assertThat(statements).containsKey("ReadNotifiedObjects").doesNotContainKey("PublishToItsTopics");
    }

    @Test
    void analyticsServiceProducesAndConsumesTheStreamAndOwnsItsTables() {
        var statements = instanceStatements(ServiceName.ANALYTICS);
        assertThat(list(statements.get("ProduceUserActivity").get("Action")))
                .containsExactlyInAnyOrder("kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary");
        assertThat(list(statements.get("ConsumeWithKclUserActivity").get("Action")))
                .contains("kinesis:GetRecords", "kinesis:GetShardIterator");
        // both tables (user-activity-daily and the KCL lease table) plus their indexes
        assertThat(list(statements.get("ReadWriteItsTables").get("Resource"))).hasSize(4);
        assertThat(statements).doesNotContainKey("PublishToItsTopics");
    }

    @Test
    void theEnvironmentIsJavaSeBehindAnAlbWithEnhancedHealthXrayAndRollingConfigurationUpdates() {
        var settings = optionSettings(template(ServiceName.ORDER));
        assertThat(settings)
                .containsEntry("aws:elasticbeanstalk:environment/EnvironmentType", "LoadBalanced")
                .containsEntry("aws:elasticbeanstalk:environment/LoadBalancerType", "application")
                .containsEntry("aws:elasticbeanstalk:healthreporting:system/SystemType", "enhanced")
                .containsEntry("aws:elasticbeanstalk:environment:process:default/HealthCheckPath", "/readyz")
                .containsEntry("aws:autoscaling:updatepolicy:rollingupdate/RollingUpdateEnabled", "true")
                .containsEntry("aws:autoscaling:updatepolicy:rollingupdate/RollingUpdateType", "Health")
                .containsEntry("aws:elasticbeanstalk:xray/XRayEnabled", "true")
                .containsEntry("aws:elasticbeanstalk:application:environment/PORT", "5000")
                .containsEntry("aws:elasticbeanstalk:application:environment/APP_TOPOLOGY_PREFIX", "prod")
                .containsEntry("aws:elasticbeanstalk:command/DeploymentPolicy", "Rolling")
                .containsEntry("aws:elasticbeanstalk:command/BatchSizeType", "Percentage")
                .containsEntry("aws:elasticbeanstalk:command/BatchSize", "30")
                .containsKeys(
                        "aws:elasticbeanstalk:application:environment/DATABASE_SECRET_ARN",
                        "aws:elasticbeanstalk:application:environment/SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI");
        var environment = props(resources(template(ServiceName.ORDER), "AWS::ElasticBeanstalk::Environment")
                .values()
                .iterator()
                .next());
        assertThat(environment)
                .containsEntry("SolutionStackName", InfraSettings.DEFAULT_SOLUTION_STACK)
                .containsEntry("EnvironmentName", "prod-order-service");
        assertThat(settings)
                .containsKeys(
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_DATASOURCE_USERNAME",
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_DATASOURCE_PASSWORD",
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_DATA_REDIS_PASSWORD")
                .doesNotContainKey("aws:elasticbeanstalk:application:environment/SPRING_DATASOURCE_PASSWORD");
        // secret ARNs only: a dynamic reference would put the secret's value into the environment
        assertThat(environment.toString()).doesNotContain("resolve:secretsmanager");
    }

    @Test
    void eachDeploymentPolicyWritesItsOwnOptionSettings() {
        var expected = new LinkedHashMap<String, Map<String, String>>();
        expected.put("AllAtOnce", Map.of("aws:elasticbeanstalk:command/DeploymentPolicy", "AllAtOnce"));
        expected.put(
                "Rolling:2",
                Map.of(
                        "aws:elasticbeanstalk:command/DeploymentPolicy", "Rolling",
                        "aws:elasticbeanstalk:command/BatchSizeType", "Fixed",
                        "aws:elasticbeanstalk:command/BatchSize", "2"));
        expected.put(
                "RollingWithAdditionalBatch:50%",
                Map.of(
                        "aws:elasticbeanstalk:command/DeploymentPolicy", "RollingWithAdditionalBatch",
                        "aws:elasticbeanstalk:command/BatchSizeType", "Percentage",
                        "aws:elasticbeanstalk:command/BatchSize", "50"));
        expected.put("Immutable", Map.of("aws:elasticbeanstalk:command/DeploymentPolicy", "Immutable"));
        expected.put(
                "TrafficSplitting",
                Map.of(
                        "aws:elasticbeanstalk:command/DeploymentPolicy", "TrafficSplitting",
                        "aws:elasticbeanstalk:trafficsplitting/NewVersionPercent", "15",
                        "aws:elasticbeanstalk:trafficsplitting/EvaluationTime", "10"));
        expected.put("BlueGreen", Map.of("aws:elasticbeanstalk:command/DeploymentPolicy", "AllAtOnce"));

        // One app, the shared stacks once, one order-service stack per policy: one synth for all six.
        App app = new App();
        var s = SynthesizedApp.SETTINGS;
        var network = new NetworkStack(app, "Net", null, s);
        var deps = new ServiceStack.Dependencies(
                network,
                new DataStack(app, "Data", null, s, network),
                new MessagingStack(app, "Msg", null, s, SynthesizedApp.TOPOLOGY),
                null,
                new AuthStack(app, "Auth", null, s));
        deps = new ServiceStack.Dependencies(
                deps.network(),
                deps.data(),
                deps.messaging(),
                new StreamingStack(
                        app,
                        "Str",
                        null,
                        s,
                        SynthesizedApp.TOPOLOGY,
                        deps.messaging().opsAlerts()),
                deps.auth());
        var stacksByPolicy = new LinkedHashMap<String, ServiceStack>();
        for (String key : expected.keySet()) {
            String[] parts = key.split(":");
            DeploymentPolicy policy = DeploymentPolicy.parse(
                    parts[0],
                    parts.length > 1 ? parts[1] : null,
                    parts[0].equals("TrafficSplitting") ? "15" : null,
                    parts[0].equals("TrafficSplitting") ? "10m" : null);
            stacksByPolicy.put(
                    key,
                    new ServiceStack(
                            app,
                            "Order" + parts[0],
                            null,
                            s.withDeploymentPolicy(policy),
                            SynthesizedApp.TOPOLOGY,
                            ServiceName.ORDER,
                            deps,
                            Optional.empty()));
        }
        for (var entry : expected.entrySet()) {
            var settings = optionSettings(Template.fromStack(stacksByPolicy.get(entry.getKey())));
            var policySettings = settings.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("aws:elasticbeanstalk:command/")
                            || e.getKey().startsWith("aws:elasticbeanstalk:trafficsplitting/"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(policySettings).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    /** {@code namespace/OptionName -> value} of the stack's one environment. */
    @SuppressWarnings("unchecked")
    static Map<String, String> optionSettings(Template template) {
        var environment = props(resources(template, "AWS::ElasticBeanstalk::Environment")
                .values()
                .iterator()
                .next());
        var out = new LinkedHashMap<String, String>();
        for (var o : (List<Map<String, Object>>) environment.get("OptionSettings")) {
            out.put(o.get("Namespace") + "/" + o.get("OptionName"), String.valueOf(o.get("Value")));
        }
        return out;
    }
}
