package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.list;
import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static dev.awsref.infra.TemplateReader.statements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.infra.bundle.BundleBuilder;
import dev.awsref.infra.deploy.DeploymentPolicy;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                if (sid.equals("PublishKclMetrics")
                        || sid.equals(
                                "PublishServiceMetrics")) { // PutMetricData takes no resource: the namespace narrows it
                    assertThat(String.valueOf(st.get("Condition")))
                            .as(service + " " + sid)
                            .contains("cloudwatch:namespace");
                } else if (!sid.equals("XRayTraces") && !sid.startsWith("ScaleShardCount")) {
                    // X-Ray actions and kinesis:UpdateShardCount support no resource-level permissions
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
        // database, Redis and the operations password
        assertThat(list(statements.get("ReadItsSecrets").get("Resource"))).hasSize(3);
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
        // database, SES SMTP credentials, operations API password
        assertThat(list(statements.get("ReadItsSecrets").get("Resource"))).hasSize(3);
    }

    @Test
    void notificationServiceSendsMailThroughSesWithCredentialsFromSecretsManager() {
        var settings = optionSettings(template(ServiceName.NOTIFICATION));
        assertThat(settings)
                .containsEntry("aws:elasticbeanstalk:application:environment/SPRING_MAIL_PORT", "587")
                .containsKeys(
                        "aws:elasticbeanstalk:application:environment/SPRING_MAIL_HOST",
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_MAIL_USERNAME",
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_MAIL_PASSWORD",
                        "aws:elasticbeanstalk:application:environmentsecrets/APP_OPERATIONS_PASSWORD");
        template(ServiceName.NOTIFICATION).resourceCountIs("AWS::SecretsManager::Secret", 2);
        template(ServiceName.ORDER).resourceCountIs("AWS::SecretsManager::Secret", 1);
    }

    /**
     * Every service's actuator beyond health, info and prometheus is behind the operations password
     * (OperationsSecurity), so every service gets one, also order-service, which has no operations
     * API of its own and whose metrics and circuit breakers refused everyone on AWS without it.
     */
    @Test
    void everyServiceGetsAGeneratedOperationsPasswordAsAnEnvironmentSecretAndMayReadIt() {
        for (ServiceSpec service : SynthesizedApp.TOPOLOGY.services()) {
            var t = template(service.name());
            var secretNames = resources(t, "AWS::SecretsManager::Secret").values().stream()
                    .map(r -> props(r).get("Name"))
                    .toList();
            assertThat(optionSettings(t))
                    .as(service.id())
                    .containsKey("aws:elasticbeanstalk:application:environmentsecrets/APP_OPERATIONS_PASSWORD");
            assertThat(secretNames).as(service.id()).contains("prod-" + service.id() + "-operations");
        }
        template(ServiceName.ANALYTICS).resourceCountIs("AWS::SecretsManager::Secret", 1);
        // Redis AUTH token and the operations password
        assertThat(list(instanceStatements(ServiceName.ANALYTICS)
                        .get("ReadItsSecrets")
                        .get("Resource")))
                .hasSize(2);
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
        // a replay's lease table, created and deleted at run time: the name pattern and its indexes
        assertThat(list(statements.get("ManageItsRuntimeTables").get("Action")))
                .contains("dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable");
        assertThat(list(statements.get("ManageItsRuntimeTables").get("Resource")))
                .hasSize(2)
                .allSatisfy(arn -> assertThat(arn.toString()).contains(":table/prod-analytics-replay-*"));
        for (ServiceName other : List.of(ServiceName.ORDER, ServiceName.NOTIFICATION)) {
            assertThat(instanceStatements(other)).doesNotContainKey("ManageItsRuntimeTables");
        }
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
                .containsEntry("aws:elasticbeanstalk:application:environment/PORT", "5000")
                .containsEntry("aws:elasticbeanstalk:application:environment/APP_TOPOLOGY_PREFIX", "prod")
                .containsEntry(
                        "aws:elasticbeanstalk:application:environment/APP_TOPOLOGY_ACCOUNT_ID",
                        String.valueOf(Map.of("Ref", "AWS::AccountId")))
                .containsEntry("aws:elasticbeanstalk:application:environment/MANAGEMENT_PORT", "9081")
                .containsKey("aws:elasticbeanstalk:application:environment/AWS_REGION")
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
        assertThat(environment).containsEntry("EnvironmentName", "prod-order-service");
        assertThat(settings)
                .containsKeys(
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_DATASOURCE_USERNAME",
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_DATASOURCE_PASSWORD",
                        "aws:elasticbeanstalk:application:environmentsecrets/SPRING_DATA_REDIS_PASSWORD")
                .doesNotContainKey("aws:elasticbeanstalk:application:environment/SPRING_DATASOURCE_PASSWORD");
        // secret ARNs only: a dynamic reference would put the secret's value into the environment
        assertThat(environment.toString()).doesNotContain("resolve:secretsmanager");
    }

    private Map<String, Object> environment(ServiceName service) {
        return props(resources(template(service), "AWS::ElasticBeanstalk::Environment")
                .values()
                .iterator()
                .next());
    }

    @Test
    void theEnvironmentSelectsItsPlatformByTheArnOfAPlatformBranchVersionNotBySolutionStackName() {
        for (ServiceName service : ServiceName.values()) {
            var environment = environment(service);
            assertThat(environment).as(service.id()).doesNotContainKey("SolutionStackName");
            assertThat(String.valueOf(environment.get("PlatformArn")))
                    .as(service.id())
                    .contains(":elasticbeanstalk:")
                    .contains("::platform/Corretto 25 running on 64bit Amazon Linux 2023/");
        }
    }

    @Test
    void aServiceWithAPublicApiListensOnHttpsWithTheCertificateFromContextAndTheOthersAreInternal() {
        for (ServiceSpec service : SynthesizedApp.TOPOLOGY.services()) {
            var settings = optionSettings(template(service.name()));
            if (service.publicApi()) {
                assertThat(settings)
                        .as(service.id())
                        .containsEntry("aws:ec2:vpc/ELBScheme", "public")
                        .containsEntry("aws:elbv2:listener:443/Protocol", "HTTPS")
                        .containsEntry("aws:elbv2:listener:443/SSLCertificateArns", SynthesizedApp.CERTIFICATE_ARN)
                        .containsEntry("aws:elbv2:listener:443/SSLPolicy", EnvironmentOptionSettings.TLS_POLICY);
            } else {
                assertThat(settings)
                        .as(service.id())
                        .containsEntry("aws:ec2:vpc/ELBScheme", "internal")
                        .doesNotContainKey("aws:elbv2:listener:443/Protocol");
                assertThat(settings.get("aws:ec2:vpc/ELBSubnets"))
                        .as("an internal load balancer sits in the private subnets")
                        .isEqualTo(settings.get("aws:ec2:vpc/Subnets"));
            }
        }
        assertThat(SynthesizedApp.TOPOLOGY
                        .findService("notification-service")
                        .orElseThrow()
                        .publicApi())
                .as("notification-service has no API for clients")
                .isFalse();
    }

    @Test
    void platformUpkeepScalingAndTracingSettings() {
        var settings = optionSettings(template(ServiceName.ORDER));
        assertThat(settings.get("aws:elasticbeanstalk:managedactions/ServiceRoleForManagedUpdates"))
                .as("managed platform updates need a role")
                .isEqualTo(settings.get("aws:elasticbeanstalk:environment/ServiceRole"))
                .isNotNull();
        assertThat(settings)
                .containsEntry("aws:autoscaling:trigger/MeasureName", "CPUUtilization")
                .containsEntry("aws:autoscaling:trigger/Unit", "Percent")
                .doesNotContainEntry("aws:elasticbeanstalk:xray/XRayEnabled", "true")
                .containsEntry(
                        "aws:elasticbeanstalk:application:environment/OTEL_EXPORTER_OTLP_ENDPOINT",
                        "http://127.0.0.1:4318");
    }

    @Test
    void eachServiceExportsItsMetersToCloudWatchUnderTheNamespaceItsRoleAllows() {
        for (ServiceName service : ServiceName.values()) {
            var namespace = optionSettings(template(service))
                    .get("aws:elasticbeanstalk:application:environment/MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE");
            assertThat(namespace).as(service.id()).isNotNull().endsWith("-" + service.id());
            assertThat(String.valueOf(instanceStatements(service).get("PublishServiceMetrics")))
                    .as(service.id())
                    .contains("cloudwatch:PutMetricData")
                    .contains("StringEquals")
                    .contains("cloudwatch:namespace=" + namespace);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApplicationKeepsABoundedNumberOfVersions() {
        var application = props(resources(template(ServiceName.ORDER), "AWS::ElasticBeanstalk::Application")
                .values()
                .iterator()
                .next());
        var lifecycle = (Map<String, Object>) application.get("ResourceLifecycleConfig");
        assertThat(lifecycle).as("no lifecycle policy").isNotNull().containsKey("ServiceRole");
        var maxCount = (Map<String, Object>)
                ((Map<String, Object>) lifecycle.get("VersionLifecycleConfig")).get("MaxCountRule");
        assertThat(maxCount).containsEntry("Enabled", true).containsEntry("DeleteSourceFromS3", true);
        assertThat((Integer) maxCount.get("MaxCount")).isBetween(10, 1000);
    }

    @Test
    void logStreamingMayDescribeLogGroupsAndTheInstancesMayExportTraces() {
        for (ServiceName service : ServiceName.values()) {
            var actions = instanceStatements(service).values().stream()
                    .flatMap(st -> list(st.get("Action")).stream())
                    .map(String::valueOf)
                    .toList();
            assertThat(actions).as(service.id()).contains("logs:DescribeLogGroups", "xray:PutTraceSegments");
        }
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

        var stacksByPolicy = variants();
        for (var entry : expected.entrySet()) {
            var settings = optionSettings(Template.fromStack(stacksByPolicy.get(entry.getKey())));
            var policySettings = settings.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("aws:elasticbeanstalk:command/")
                            || e.getKey().startsWith("aws:elasticbeanstalk:trafficsplitting/"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(policySettings).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    private static Map<String, ServiceStack> variants;

    /**
     * One app with the shared stacks once and one order-service stack per deployment policy, plus
     * one with a source bundle: a single synth serves all of them.
     */
    private static synchronized Map<String, ServiceStack> variants() {
        if (variants != null) {
            return variants;
        }
        App app = new App();
        var s = SynthesizedApp.SETTINGS;
        var network = new NetworkStack(app, "Net", null, s);
        var messaging = new MessagingStack(app, "Msg", null, s, SynthesizedApp.TOPOLOGY);
        var deps = new ServiceStack.Dependencies(
                network,
                new DataStack(app, "Data", null, s, network),
                messaging,
                new StreamingStack(app, "Str", null, s, SynthesizedApp.TOPOLOGY, messaging.opsAlerts()),
                new AuthStack(app, "Auth", null, s));
        var stacks = new LinkedHashMap<String, ServiceStack>();
        for (String key : List.of(
                "AllAtOnce",
                "Rolling:2",
                "RollingWithAdditionalBatch:50%",
                "Immutable",
                "TrafficSplitting",
                "BlueGreen")) {
            String[] parts = key.split(":");
            DeploymentPolicy policy = DeploymentPolicy.parse(
                    parts[0],
                    parts.length > 1 ? parts[1] : null,
                    parts[0].equals("TrafficSplitting") ? "15" : null,
                    parts[0].equals("TrafficSplitting") ? "10m" : null);
            stacks.put(
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
        try {
            Path dir = Files.createTempDirectory("bundle");
            Path jar = Files.write(dir.resolve("order-service.jar"), new byte[] {1, 2, 3});
            Path bundle = BundleBuilder.build("order-service", jar, dir);
            stacks.put(
                    "WithBundle",
                    new ServiceStack(
                            app,
                            "OrderWithBundle",
                            null,
                            s,
                            SynthesizedApp.TOPOLOGY,
                            ServiceName.ORDER,
                            deps,
                            Optional.of(bundle)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        variants = stacks;
        return stacks;
    }

    @Test
    void aBuiltBundleBecomesTheFirstApplicationVersionAndOnlyThatObjectIsReadable() {
        var t = Template.fromStack(variants().get("WithBundle"));
        t.resourceCountIs("AWS::ElasticBeanstalk::ApplicationVersion", 1);
        String version = resources(t, "AWS::ElasticBeanstalk::ApplicationVersion")
                .keySet()
                .iterator()
                .next();
        var environment = props(resources(t, "AWS::ElasticBeanstalk::Environment")
                .values()
                .iterator()
                .next());
        assertThat(environment).containsEntry("VersionLabel", Map.of("Ref", version));
        assertThat(statements(t, "AWS::IAM::Policy", "PolicyDocument"))
                .anySatisfy(st -> assertThat(st).containsEntry("Sid", "ReadTheFirstBundle"));
        // without a bundle, no version: Elastic Beanstalk starts its sample application
        Template.fromStack(variants().get("AllAtOnce")).resourceCountIs("AWS::ElasticBeanstalk::ApplicationVersion", 0);
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
