package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.list;
import static dev.awsref.infra.TemplateReader.logicalId;
import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static dev.awsref.infra.TemplateReader.statements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.SnsHttpDeliveryPolicy;
import dev.awsref.platform.topology.SubscriptionSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;
import tools.jackson.databind.json.JsonMapper;

class MessagingStackTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Template template;

    @BeforeAll
    static void synth() {
        template = SynthesizedApp.template(SynthesizedApp.stacks().messaging());
    }

    @Test
    void createsEveryTopicQueueAndSubscriptionOfTheModelAndNothingElse() {
        var model = SynthesizedApp.TOPOLOGY;
        template.resourceCountIs("AWS::SNS::Topic", model.topics().size());
        template.resourceCountIs("AWS::SQS::Queue", model.queues().size());
        var sqsSubscriptions = resources(template, "AWS::SNS::Subscription").values().stream()
                .filter(s -> "sqs".equals(props(s).get("Protocol")))
                .count();
        assertThat(sqsSubscriptions).isEqualTo(model.subscriptions().size());
        for (QueueSpec queue : model.queues()) {
            logicalId(template, "AWS::SQS::Queue", "QueueName", "prod-" + queue.name());
        }
        assertThat(props(resources(template, "AWS::SNS::Topic")
                        .get(logicalId(template, "AWS::SNS::Topic", "TopicName", "prod-order-lifecycle.fifo"))))
                .containsEntry("FifoTopic", true);
    }

    @Test
    void everyTopicAndQueueIsEncryptedWithTheMessagingKey() {
        resources(template, "AWS::SNS::Topic")
                .values()
                .forEach(t -> assertThat(props(t)).containsKey("KmsMasterKeyId"));
        resources(template, "AWS::SQS::Queue")
                .values()
                .forEach(q -> assertThat(props(q)).containsKey("KmsMasterKeyId"));
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void queuesWithADeadLetterQueueRedriveAfterTheModelsMaxReceiveCount() {
        for (QueueSpec queue : SynthesizedApp.TOPOLOGY.queues()) {
            var properties = props(resources(template, "AWS::SQS::Queue")
                    .get(logicalId(template, "AWS::SQS::Queue", "QueueName", "prod-" + queue.name())));
            if (queue.isDeadLetterQueue()) {
                assertThat(properties).doesNotContainKey("RedrivePolicy");
            } else {
                @SuppressWarnings("unchecked")
                var redrive = (Map<String, Object>) properties.get("RedrivePolicy");
                assertThat(redrive)
                        .containsEntry(
                                "maxReceiveCount",
                                queue.deadLetter().orElseThrow().maxReceiveCount());
            }
        }
    }

    @Test
    void everyQueueKeepsMessagesForTheRetentionTheModelGivesIt() {
        for (QueueSpec queue : SynthesizedApp.TOPOLOGY.queues()) {
            var properties = props(resources(template, "AWS::SQS::Queue")
                    .get(logicalId(template, "AWS::SQS::Queue", "QueueName", "prod-" + queue.name())));
            assertThat(properties)
                    .as("MessageRetentionPeriod of %s", queue.name())
                    .containsEntry(
                            "MessageRetentionPeriod", (int) queue.retention().toSeconds());
            // A DLQ outlives its source: SQS keeps a moved message's original enqueue time.
            queue.deadLetter()
                    .ifPresent(dl -> assertThat(props(resources(template, "AWS::SQS::Queue")
                                            .get(logicalId(
                                                    template,
                                                    "AWS::SQS::Queue",
                                                    "QueueName",
                                                    "prod-" + dl.queueName())))
                                    .get("MessageRetentionPeriod"))
                            .isEqualTo(14 * 24 * 3600));
        }
    }

    @Test
    void snsMaySendOnlyOnBehalfOfTheSubscribedTopicAndNobodyWithoutTls() {
        var queuePolicies = statements(template, "AWS::SQS::QueuePolicy", "PolicyDocument");
        for (SubscriptionSpec s : SynthesizedApp.TOPOLOGY.subscriptions()) {
            String topic = logicalId(template, "AWS::SNS::Topic", "TopicName", "prod-" + s.topic());
            assertThat(queuePolicies)
                    .as("statement letting %s send to %s", s.topic(), s.queue())
                    .anySatisfy(st -> {
                        assertThat(st).containsEntry("Effect", "Allow").containsEntry("Action", "sqs:SendMessage");
                        assertThat(st.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
                        assertThat(st.get("Condition"))
                                .isEqualTo(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", topic))));
                    });
        }
        long queuesWithPolicy = resources(template, "AWS::SQS::QueuePolicy").size();
        long tlsDenies = queuePolicies.stream()
                .filter(st -> "Deny".equals(st.get("Effect"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false"))
                                .equals(st.get("Condition")))
                .count();
        assertThat(queuesWithPolicy).isEqualTo(SynthesizedApp.TOPOLOGY.queues().size());
        assertThat(tlsDenies).isEqualTo(queuesWithPolicy);
    }

    @Test
    void everySubscriptionRedrivesWhatSnsCannotDeliverToItsQueuesDeadLetterQueue() {
        var subscriptions = resources(template, "AWS::SNS::Subscription").values();
        var queuePolicies = statements(template, "AWS::SQS::QueuePolicy", "PolicyDocument");
        for (SubscriptionSpec s : SynthesizedApp.TOPOLOGY.subscriptions()) {
            String topic = logicalId(template, "AWS::SNS::Topic", "TopicName", "prod-" + s.topic());
            String queue = logicalId(template, "AWS::SQS::Queue", "QueueName", "prod-" + s.queue());
            String deadLetterQueue = logicalId(
                    template,
                    "AWS::SQS::Queue",
                    "QueueName",
                    "prod-"
                            + SynthesizedApp.TOPOLOGY
                                    .subscriptionDeadLetterQueue(s)
                                    .orElseThrow());
            assertThat(subscriptions)
                    .as("subscription %s -> %s", s.topic(), s.queue())
                    .anySatisfy(sub -> assertThat(props(sub))
                            .containsEntry("TopicArn", Map.of("Ref", topic))
                            .containsEntry("Endpoint", Map.of("Fn::GetAtt", List.of(queue, "Arn")))
                            .containsEntry(
                                    "RedrivePolicy",
                                    Map.of(
                                            "deadLetterTargetArn",
                                            Map.of("Fn::GetAtt", List.of(deadLetterQueue, "Arn")))));
            assertThat(queuePolicies)
                    .as("statement letting %s park failed deliveries in its dead-letter queue", s.topic())
                    .anySatisfy(st -> {
                        assertThat(st).containsEntry("Effect", "Allow").containsEntry("Action", "sqs:SendMessage");
                        assertThat(st.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(deadLetterQueue, "Arn")));
                        assertThat(st.get("Condition"))
                                .isEqualTo(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", topic))));
                    });
        }
    }

    @Test
    void filterPoliciesAreTheModelsJsonWithTheirScope() {
        var subscriptions = resources(template, "AWS::SNS::Subscription").values();
        for (SubscriptionSpec s : SynthesizedApp.TOPOLOGY.subscriptions()) {
            if (s.filterPolicy().isEmpty()) {
                continue;
            }
            Map<?, ?> expected = JSON.readValue(s.filterPolicy().get(), Map.class);
            assertThat(subscriptions)
                    .anySatisfy(sub -> assertThat(props(sub))
                            .containsEntry("FilterPolicy", expected)
                            .containsEntry(
                                    "FilterPolicyScope", s.filterPolicyScope().name())
                            .containsEntry("RawMessageDelivery", s.rawMessageDelivery()));
        }
        assertThat(subscriptions)
                .anySatisfy(sub -> assertThat(props(sub)).containsEntry("FilterPolicyScope", "MessageBody"));
    }

    @Test
    void theDocumentsBucketNotifiesItsQueueThroughAPolicyPinnedToTheBucket() {
        var bucket =
                props(resources(template, "AWS::S3::Bucket").values().iterator().next());
        String queue =
                logicalId(template, "AWS::SQS::Queue", "QueueName", "prod-" + ReferenceTopology.NOTIFICATION_DOCUMENTS);
        assertThat(bucket.get("NotificationConfiguration"))
                .isEqualTo(Map.of(
                        "QueueConfigurations",
                        java.util.List.of(Map.of(
                                "Event",
                                "s3:ObjectCreated:*",
                                "Queue",
                                Map.of("Fn::GetAtt", java.util.List.of(queue, "Arn"))))));
        assertThat(bucket.toString()).contains("aws:kms");
        assertThat(statements(template, "AWS::SQS::QueuePolicy", "PolicyDocument"))
                .anySatisfy(st -> {
                    assertThat(st.get("Principal")).isEqualTo(Map.of("Service", "s3.amazonaws.com"));
                    assertThat(st.get("Condition").toString()).contains("aws:SourceArn", "documents");
                });
    }

    @Test
    void everyDeadLetterQueueAlarmsOnOpsAlertsAsSoonAsOneMessageArrives() {
        long deadLetterQueues = SynthesizedApp.TOPOLOGY.queues().stream()
                .filter(QueueSpec::isDeadLetterQueue)
                .count();
        String opsAlerts = logicalId(template, "AWS::SNS::Topic", "TopicName", "prod-ops-alerts");
        var alarms = resources(template, "AWS::CloudWatch::Alarm").values().stream()
                .map(TemplateReader::props)
                .filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName")))
                .toList();
        assertThat(alarms).hasSize((int) deadLetterQueues).allSatisfy(a -> {
            assertThat(a).containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold");
            assertThat(list(a.get("AlarmActions"))).containsExactly(Map.of("Ref", opsAlerts));
        });
        template.hasResourceProperties(
                "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "ops@example.com"));
    }

    @Test
    void theActivityStreamsDeadLetterQueueIsEncryptedTlsOnlyAndAlarmed() {
        String queue = logicalId(
                template, "AWS::SQS::Queue", "QueueName", "prod-" + ReferenceTopology.USER_ACTIVITY_DEAD_LETTERS);
        var props = TemplateReader.props(resources(template, "AWS::SQS::Queue").get(queue));
        assertThat(props).containsKey("KmsMasterKeyId").doesNotContainKey("RedrivePolicy");
        assertThat(props).containsEntry("MessageRetentionPeriod", 14 * 24 * 3600);
        assertThat(statements(template, "AWS::SQS::QueuePolicy", "PolicyDocument"))
                .anySatisfy(st -> {
                    assertThat(st.get("Effect")).isEqualTo("Deny");
                    assertThat(st.get("Condition").toString()).contains("aws:SecureTransport");
                    assertThat(st.get("Resource").toString()).contains(queue);
                });
        assertThat(resources(template, "AWS::CloudWatch::Alarm").values().stream()
                        .map(TemplateReader::props)
                        .filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))))
                .anySatisfy(a -> assertThat(a.get("Dimensions").toString()).contains(queue));
    }

    @Test
    void theSnsHttpsEndpointIsSubscribedOnlyToTheTopicsTheModelNamesAndOnlyWhenItHasAPublicUrl() {
        assertThat(resources(template, "AWS::SNS::Subscription").values().stream()
                        .filter(s -> "https".equals(props(s).get("Protocol"))))
                .as("without -c publicHttpsUrl.notification-service")
                .isEmpty();

        var settings = SynthesizedApp.SETTINGS.withPublicHttpsUrl("notification-service", "https://notify.example.com");
        var withUrl = Template.fromStack(
                new MessagingStack(new software.amazon.awscdk.App(), "Msg", null, settings, SynthesizedApp.TOPOLOGY));

        String orderEvents = logicalId(withUrl, "AWS::SNS::Topic", "TopicName", "prod-order-events");
        var https = resources(withUrl, "AWS::SNS::Subscription").values().stream()
                .map(TemplateReader::props)
                .filter(p -> "https".equals(p.get("Protocol")))
                .toList();
        var model = SynthesizedApp.TOPOLOGY.service(dev.awsref.platform.topology.ServiceName.NOTIFICATION);
        assertThat(model.snsHttpsTopics()).containsExactly(ReferenceTopology.ORDER_EVENTS);
        assertThat(https).singleElement().satisfies(subscription -> {
            assertThat(subscription).containsEntry("Endpoint", "https://notify.example.com/sns/order-events");
            assertThat(subscription).containsEntry("TopicArn", Map.of("Ref", orderEvents));
        });
    }

    @Test
    void theSnsHttpsSubscriptionRetriesForHalfAnHourWithBackoffAndAThrottleInsteadOfSnsDefaultThreeRetries() {
        var settings = SynthesizedApp.SETTINGS.withPublicHttpsUrl("notification-service", "https://notify.example.com");
        var withUrl = Template.fromStack(
                new MessagingStack(new software.amazon.awscdk.App(), "Msg", null, settings, SynthesizedApp.TOPOLOGY));

        var https = resources(withUrl, "AWS::SNS::Subscription").values().stream()
                .map(TemplateReader::props)
                .filter(p -> "https".equals(p.get("Protocol")))
                .toList();

        assertThat(https)
                .singleElement()
                .satisfies(subscription -> assertThat(subscription.get("DeliveryPolicy"))
                        .isEqualTo(Map.of(
                                "healthyRetryPolicy",
                                Map.of(
                                        "numRetries", 20,
                                        "numNoDelayRetries", 1,
                                        "numMinDelayRetries", 2,
                                        "numMaxDelayRetries", 10,
                                        "minDelayTarget", 10,
                                        "maxDelayTarget", 120,
                                        "backoffFunction", "exponential"),
                                "throttlePolicy",
                                Map.of("maxReceivesPerSecond", 10))));
        assertThat(SnsHttpDeliveryPolicy.SERVICE_ENDPOINT.worstCaseRetryTime())
                .isLessThanOrEqualTo(SnsHttpDeliveryPolicy.MAX_TOTAL_RETRY_TIME);
    }

    @Test
    void aNamedAccountMaySendToItsQueueAndSubscribeItsQueuesToItsTopicAndNoOtherQueueOrTopicChanges() {
        var topology = CrossAccountTopology.withPartner();
        var stack = Template.fromStack(
                new MessagingStack(new software.amazon.awscdk.App(), "Msg", null, SynthesizedApp.SETTINGS, topology));
        String partnerRoot = CrossAccountTopology.PARTNER;
        String inbox = logicalId(stack, "AWS::SQS::Queue", "QueueName", "prod-" + CrossAccountTopology.PARTNER_INBOX);
        String orderEvents = logicalId(stack, "AWS::SNS::Topic", "TopicName", "prod-" + ReferenceTopology.ORDER_EVENTS);

        var queueStatements = statements(stack, "AWS::SQS::QueuePolicy", "PolicyDocument");
        var grants = queueStatements.stream()
                .filter(st -> st.get("Principal").toString().contains(partnerRoot))
                .toList();
        assertThat(grants).singleElement().satisfies(st -> {
            assertThat(st).containsEntry("Effect", "Allow").containsEntry("Action", "sqs:SendMessage");
            assertThat(st.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(inbox, "Arn")));
        });
        assertThat(queueStatements).as("the inbox keeps its TLS-only deny").anySatisfy(st -> {
            assertThat(st).containsEntry("Effect", "Deny");
            assertThat(st.get("Resource")).isEqualTo(Map.of("Fn::GetAtt", List.of(inbox, "Arn")));
            assertThat(st.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
        assertThat(statements(stack, "AWS::SNS::TopicPolicy", "PolicyDocument"))
                .filteredOn(st -> st.get("Principal").toString().contains(partnerRoot))
                .singleElement()
                .satisfies(st -> {
                    assertThat(st).containsEntry("Action", "sns:Subscribe");
                    assertThat(st.get("Resource")).isEqualTo(Map.of("Ref", orderEvents));
                    assertThat(st.get("Condition").toString())
                            .contains("sns:Protocol=sqs", "sns:Endpoint", partnerRoot);
                });
        assertThat(statements(stack, "AWS::SNS::TopicPolicy", "PolicyDocument"))
                .as("the opened topic refuses a Subscribe over plain HTTP (enforceSsl covers only Publish)")
                .anySatisfy(st -> {
                    assertThat(st).containsEntry("Effect", "Deny").containsEntry("Action", "sns:Subscribe");
                    assertThat(st.get("Resource")).isEqualTo(Map.of("Ref", orderEvents));
                    assertThat(st.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
                });
        assertThat(statements(stack, "AWS::KMS::Key", "KeyPolicy"))
                .filteredOn(st -> st.get("Principal").toString().contains(partnerRoot))
                .singleElement()
                .satisfies(st -> assertThat(st.get("Condition").toString()).contains("kms:ViaService", "sqs."));
        assertThat(statements(template, "AWS::SQS::QueuePolicy", "PolicyDocument"))
                .as("the reference topology grants no other account")
                .noneSatisfy(st -> assertThat(st.get("Principal").toString()).contains(":iam::"));
    }
}
