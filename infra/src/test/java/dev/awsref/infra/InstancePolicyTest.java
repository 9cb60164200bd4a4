package dev.awsref.infra;

import static dev.awsref.platform.topology.ServiceName.ANALYTICS;
import static dev.awsref.platform.topology.ServiceName.NOTIFICATION;
import static dev.awsref.platform.topology.ServiceName.ORDER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The instance role as a function of the model, with plain ARNs: no stack, no synth. What the
 * synthesized templates look like is {@link ServiceStackTest}'s business.
 */
class InstancePolicyTest {

    private static final Topology TOPOLOGY = ReferenceTopology.definition();
    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "111122223333";
    private static final ResourceNames NAMES = new ResourceNames("prod");

    /** ARNs as AWS forms them from the physical names. */
    private record ConventionalArns(ResourceNames names) implements InstancePolicy.ResourceArns {
        @Override
        public String topic(String logicalName) {
            return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + names.physical(logicalName);
        }

        @Override
        public String queue(String logicalName) {
            return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + names.physical(logicalName);
        }

        @Override
        public String bucketObjects(String logicalName) {
            return "arn:aws:s3:::" + names.physical(logicalName) + "-" + ACCOUNT + "-" + REGION + "/*";
        }

        @Override
        public String stream(String logicalName) {
            return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + names.physical(logicalName);
        }

        @Override
        public String table(String logicalName) {
            return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + names.physical(logicalName);
        }

        @Override
        public String messagingKey() {
            return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/messaging";
        }

        @Override
        public String streamingKey() {
            return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/streaming";
        }
    }

    private static final ConventionalArns ARNS = new ConventionalArns(NAMES);

    record Statement(List<String> actions, List<String> resources) {}

    private static Map<String, Statement> statements(Topology topology, ServiceName service, List<String> secrets) {
        var inputs = new InstancePolicy.Inputs(NAMES, "aws", REGION, ACCOUNT, ARNS, secrets, Optional.empty());
        var bySid = new LinkedHashMap<String, Statement>();
        for (var statement : InstancePolicy.statements(topology, topology.service(service), inputs)) {
            @SuppressWarnings("unchecked")
            var json = (Map<String, Object>) statement.toStatementJson();
            assertThat(json).containsEntry("Effect", "Allow");
            var previous = bySid.put(
                    (String) json.get("Sid"),
                    new Statement(strings(json.get("Action")), strings(json.get("Resource"))));
            assertThat(previous).as("Sid %s used twice", json.get("Sid")).isNull();
        }
        return bySid;
    }

    private static Map<String, Statement> statements(ServiceName service) {
        return statements(TOPOLOGY, service, List.of());
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    private static List<String> actions(Map<String, Statement> statements) {
        return statements.values().stream().flatMap(s -> s.actions().stream()).toList();
    }

    @Test
    void orderServiceMayPublishToExactlyItsTwoTopicsAndConsumesNothing() {
        var statements = statements(ORDER);

        assertThat(statements.get("PublishToItsTopics"))
                .isEqualTo(new Statement(
                        List.of("sns:Publish"),
                        List.of(
                                ARNS.topic(ReferenceTopology.ORDER_EVENTS),
                                ARNS.topic(ReferenceTopology.ORDER_LIFECYCLE))));
        assertThat(actions(statements))
                .noneMatch(a -> a.startsWith("sqs:") || a.startsWith("kinesis:") || a.startsWith("dynamodb:"));
    }

    @Test
    void notificationServiceConsumesItsQueuesAndRedrivesItsDeadLetterQueuesButGetsNoKinesisOrDynamoDb() {
        var statements = statements(NOTIFICATION);
        var itsQueues = TOPOLOGY.queues().stream()
                .filter(q -> q.consumer() == NOTIFICATION)
                .toList();

        assertThat(statements.get("ConsumeItsQueues").resources())
                .containsExactlyElementsOf(
                        itsQueues.stream().map(q -> ARNS.queue(q.name())).toList());
        assertThat(statements.get("RedriveItsDeadLetterQueues").resources())
                .containsExactlyElementsOf(itsQueues.stream()
                        .flatMap(q -> q.deadLetter().stream())
                        .map(dl -> ARNS.queue(dl.queueName()))
                        .toList());
        assertThat(statements.get("RedriveIntoItsSourceQueues"))
                .isEqualTo(new Statement(
                        List.of("sqs:SendMessage"),
                        itsQueues.stream()
                                .filter(q -> !q.isDeadLetterQueue())
                                .map(q -> ARNS.queue(q.name()))
                                .toList()));
        assertThat(statements.get("DeadLetterItsFailedMessages"))
                .isEqualTo(new Statement(
                        List.of("sqs:SendMessage"),
                        itsQueues.stream()
                                .flatMap(q -> q.deadLetter().stream())
                                .map(dl -> ARNS.queue(dl.queueName()))
                                .toList()));
        assertThat(statements.get("ReadNotifiedObjects").resources())
                .containsExactly(ARNS.bucketObjects(ReferenceTopology.DOCUMENTS_BUCKET));
        assertThat(actions(statements))
                .noneMatch(a -> a.startsWith("kinesis:") || a.startsWith("dynamodb:") || a.startsWith("sns:"));
    }

    @Test
    void analyticsServiceProducesAndConsumesItsStreamAndReadsAndWritesItsTablesAndTheirIndexes() {
        var statements = statements(ANALYTICS);
        String stream = ARNS.stream(ReferenceTopology.USER_ACTIVITY_STREAM);
        String daily = ARNS.table(ReferenceTopology.USER_ACTIVITY_DAILY_TABLE);
        String leases = ARNS.table(ReferenceTopology.ANALYTICS_KCL_APPLICATION);

        assertThat(statements.get("ProduceUserActivity").resources()).containsExactly(stream);
        assertThat(statements.get("ConsumeWithKclUserActivity").resources()).containsExactly(stream);
        assertThat(statements.get("ReadWriteItsTables").resources())
                .containsExactly(daily, daily + "/index/*", leases, leases + "/index/*");
        assertThat(statements).doesNotContainKey("PublishToItsTopics");
    }

    @Test
    void analyticsServiceMaySendOnlyToItsStreamsDeadLetterQueueAndReadItBackForReplay() {
        var statements = statements(ANALYTICS);
        String deadLetters = ARNS.queue(ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS);

        assertThat(statements.get("DeadLetterPoisonRecordsUserActivity"))
                .isEqualTo(new Statement(List.of("sqs:SendMessage"), List.of(deadLetters)));
        assertThat(statements.get("EncryptPoisonRecordsUserActivity").actions()).containsExactly("kms:GenerateDataKey");
        assertThat(statements.get("ConsumeItsQueues").resources()).contains(deadLetters);
        for (ServiceName other : List.of(ORDER, NOTIFICATION)) {
            statements(other)
                    .forEach((sid, statement) -> assertThat(statement.resources())
                            .as(other.id() + " " + sid)
                            .doesNotContain(deadLetters));
        }
    }

    @Test
    void analyticsServiceMayCreateAndDeleteTablesOnlyUnderItsReplayPrefixAndNoOtherServiceMayAtAll() {
        var statements = statements(ANALYTICS);

        assertThat(statements.get("ManageItsRuntimeTables").actions())
                .contains("dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable")
                .contains("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan")
                .noneMatch(a -> a.contains("*"));
        assertThat(statements.get("ManageItsRuntimeTables").resources())
                .containsExactly(
                        "arn:aws:dynamodb:eu-west-1:111122223333:table/prod-analytics-replay-*",
                        "arn:aws:dynamodb:eu-west-1:111122223333:table/prod-analytics-replay-*/index/*");
        statements.forEach((sid, statement) -> {
            if (!sid.equals("ManageItsRuntimeTables")) {
                assertThat(statement.actions()).as(sid).doesNotContain("dynamodb:CreateTable", "dynamodb:DeleteTable");
            }
        });
        for (ServiceName other : List.of(ORDER, NOTIFICATION)) {
            assertThat(actions(statements(other)))
                    .as(other.id())
                    .doesNotContain("dynamodb:CreateTable", "dynamodb:DeleteTable");
        }
    }

    @Test
    void kclMayDescribeItsTwoLegacyTablesByExactNameAndNothingElseOnThem() {
        var statements = statements(ANALYTICS);

        assertThat(statements.get("LookUpKclLegacyTables"))
                .isEqualTo(
                        new Statement(
                                List.of("dynamodb:DescribeTable"),
                                List.of(
                                        "arn:aws:dynamodb:eu-west-1:111122223333:table/prod-analytics-user-activity-CoordinatorState",
                                        "arn:aws:dynamodb:eu-west-1:111122223333:table/prod-analytics-user-activity-WorkerMetricStats")));
        for (ServiceName other : List.of(ORDER, NOTIFICATION)) {
            assertThat(statements(other)).as(other.id()).doesNotContainKey("LookUpKclLegacyTables");
        }
    }

    @Test
    void kclMayPutMetricDataOnlyUnderItsApplicationsNamespacesAndTheReplays() {
        var inputs = new InstancePolicy.Inputs(NAMES, "aws", REGION, ACCOUNT, ARNS, List.of(), Optional.empty());
        var metrics = InstancePolicy.statements(TOPOLOGY, TOPOLOGY.service(ANALYTICS), inputs).stream()
                .map(s -> s.toStatementJson())
                .filter(json -> "PublishKclMetrics".equals(((Map<?, ?>) json).get("Sid")))
                .findFirst()
                .orElseThrow();

        assertThat(metrics.toString())
                .contains("cloudwatch:PutMetricData")
                .contains("StringLike")
                .contains("cloudwatch:namespace")
                .contains("prod-analytics-user-activity")
                .contains("prod-analytics-replay-*");
        for (ServiceName other : List.of(ORDER, NOTIFICATION)) {
            assertThat(statements(other)).as(other.id()).doesNotContainKey("PublishKclMetrics");
        }
    }

    @Test
    void everyServiceMayPutItsOwnMetricsOnlyUnderTheNamespaceItIsConfiguredWith() {
        var inputs = new InstancePolicy.Inputs(NAMES, "aws", REGION, ACCOUNT, ARNS, List.of(), Optional.empty());
        for (ServiceSpec service : TOPOLOGY.services()) {
            var metrics = InstancePolicy.statements(TOPOLOGY, service, inputs).stream()
                    .map(s -> (Map<?, ?>) s.toStatementJson())
                    .filter(json -> "PublishServiceMetrics".equals(json.get("Sid")))
                    .findFirst()
                    .orElseThrow();

            assertThat(metrics.get("Action")).as(service.id()).isEqualTo("cloudwatch:PutMetricData");
            assertThat(metrics.get("Condition"))
                    .as(service.id())
                    .isEqualTo(Map.of("StringEquals", Map.of("cloudwatch:namespace", "prod-" + service.id())));
            assertThat(InstancePolicy.serviceMetricsNamespace(NAMES, service)).isEqualTo("prod-" + service.id());
        }
    }

    @Test
    void onlyTheServiceWithTheReshardEndpointMayReshardTheStream() {
        assertThat(statements(ANALYTICS).get("ReshardUserActivity").actions())
                .containsExactly("kinesis:SplitShard", "kinesis:MergeShards");
        // UpdateShardCount supports no resource-level permissions, so it stands alone on "*"
        // (the IAM check's simulator refused it on the stream's ARN: "must use wildcard").
        var scale = statements(ANALYTICS).get("ScaleShardCountUserActivity");
        assertThat(scale.actions()).containsExactly("kinesis:UpdateShardCount");
        assertThat(scale.resources()).containsExactly("*");
        for (ServiceName other : List.of(ORDER, NOTIFICATION)) {
            assertThat(actions(statements(other)))
                    .as(other.id())
                    .doesNotContain("kinesis:UpdateShardCount", "kinesis:SplitShard", "kinesis:MergeShards");
        }
    }

    @Test
    void withoutAnEnvironmentPrefixTheRuntimeTablePatternIsTheDeclaredPrefixAlone() {
        var unprefixed = new InstancePolicy.Inputs(
                ResourceNames.unprefixed(),
                "aws",
                REGION,
                ACCOUNT,
                new ConventionalArns(ResourceNames.unprefixed()),
                List.of(),
                Optional.empty());

        assertThat(InstancePolicy.runtimeTablePattern(
                        unprefixed, TOPOLOGY.runtimeTables().getFirst().namePrefix()))
                .isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/analytics-replay-*");
    }

    /** Whatever the model says, a role names no topic, queue, stream or table another service uses. */
    @Test
    void noRoleNamesAResourceOfAnotherService() {
        for (ServiceSpec service : TOPOLOGY.services()) {
            Set<String> foreign = new HashSet<>();
            TOPOLOGY.topics().stream()
                    .filter(t -> !t.publisher().equals(Optional.of(service.name())))
                    .forEach(t -> foreign.add(ARNS.topic(t.name())));
            TOPOLOGY.queues().stream()
                    .filter(q -> q.consumer() != service.name())
                    .map(QueueSpec::name)
                    .forEach(q -> foreign.add(ARNS.queue(q)));
            TOPOLOGY.streams().stream()
                    .filter(s -> s.producer() != service.name() && s.consumer() != service.name())
                    .forEach(s -> foreign.add(ARNS.stream(s.name())));
            TOPOLOGY.tables().stream()
                    .filter(t -> t.owner() != service.name())
                    .forEach(t -> foreign.add(ARNS.table(t.name())));

            statements(service.name())
                    .forEach((sid, statement) -> assertThat(statement.resources())
                            .as(service.id() + " " + sid)
                            .doesNotContainAnyElementsOf(foreign));
        }
    }

    @Test
    void noRoleHasAWildcardActionOrAWildcardResourceExceptWhereTheActionTakesNoResource() {
        for (ServiceSpec service : TOPOLOGY.services()) {
            statements(service.name()).forEach((sid, statement) -> {
                assertThat(statement.actions()).as(service.id() + " " + sid).noneMatch(a -> a.contains("*"));
                // X-Ray and PutMetricData take no resource (the latter is narrowed by its namespace:
                // kclMayPutMetricDataOnlyUnderItsApplicationsNamespacesAndTheReplays and
                // everyServiceMayPutItsOwnMetricsOnlyUnderTheNamespaceItIsConfiguredWith).
                if (!sid.equals("XRayTraces")
                        && !sid.equals("PublishKclMetrics")
                        && !sid.equals("PublishServiceMetrics")
                        && !sid.startsWith("ScaleShardCount")) {
                    assertThat(statement.resources())
                            .as(service.id() + " " + sid)
                            .doesNotContain("*");
                }
            });
        }
    }

    @Test
    void itReadsExactlyTheSecretsItIsGivenAndNoneWhenItHasNone() {
        var secrets = List.of("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-db-AbCdEf");

        assertThat(statements(TOPOLOGY, ORDER, secrets).get("ReadItsSecrets"))
                .isEqualTo(new Statement(List.of("secretsmanager:GetSecretValue"), secrets));
        assertThat(statements(TOPOLOGY, ORDER, List.of())).doesNotContainKey("ReadItsSecrets");
    }

    @Test
    void aServiceThatUsesNothingGetsOnlyWhatThePlatformNeedsForItsOwnEnvironment() {
        var alone =
                Topology.builder().service(ServiceSpec.of(ORDER, 8081, 9081)).build();

        var statements = statements(alone, ORDER, List.of());

        assertThat(statements)
                .containsOnlyKeys(
                        "XRayTraces",
                        "PublishServiceMetrics",
                        "StreamItsLogs",
                        "FindItsLogGroups",
                        "ReportEnhancedHealth",
                        "ReadItsSourceBundles",
                        "ReadPlatformAssets",
                        "PublishRotatedLogs");
        assertThat(statements.get("StreamItsLogs").resources())
                .containsExactly(
                        "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/elasticbeanstalk/prod-order-service*");
    }
}
