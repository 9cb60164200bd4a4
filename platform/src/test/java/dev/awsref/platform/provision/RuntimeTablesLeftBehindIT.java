package dev.awsref.platform.provision;

import static dev.awsref.platform.topology.ReferenceTopology.ANALYTICS_REPLAY_TABLES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.provision.ProvisionReport.Action;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.Topology;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A replay's lease table ({@code <prefix>-analytics-replay-<id>}) is created and deleted by
 * analytics-service at run time. The provisioner creates none, but reports one it finds as left
 * behind, and leaves it alone.
 *
 * <p>It provisions the reference topology's tables and run-time table patterns only: the stream
 * would hold shards in the shared kinesis-local, and {@link ReferenceTopologyIT} covers the rest.
 */
@AwsEmulators
class RuntimeTablesLeftBehindIT {

    private static AwsClients aws;
    private final List<String> createdTables = new ArrayList<>();

    @BeforeAll
    static void clients(AwsTestEnvironment environment) {
        aws = new AwsClients(ReferenceTopologyIT.endpointsOf(environment));
    }

    @AfterEach
    void deleteTheTablesThisTestCreated() {
        createdTables.forEach(table -> aws.dynamoDb().deleteTable(b -> b.tableName(table)));
    }

    @AfterAll
    static void closeClients() {
        aws.close();
    }

    @Test
    void aReplayTableOfThisEnvironmentIsReportedAsLeftBehindAndLeftAlone() {
        var names = uniqueEnvironment();
        String replayTable = names.physical(ANALYTICS_REPLAY_TABLES + "r1");
        createLeaseTable(replayTable);
        var printed = new ByteArrayOutputStream();

        var report = provisionTables(names, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.entries())
                .filteredOn(e -> e.action() == Action.LEFT_BEHIND)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.name()).isEqualTo(replayTable);
                    assertThat(e.detail()).contains("analytics-service", "deleted when the replay stops");
                });
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .filteredOn(line -> line.contains(replayTable))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("left behind"));
        assertThat(report.summary()).endsWith(", 1 left behind");
        assertThat(aws.dynamoDb()
                        .describeTable(b -> b.tableName(replayTable))
                        .table()
                        .tableStatusAsString())
                .isEqualTo("ACTIVE");
    }

    @Test
    void aReplayTableOfAnotherEnvironmentIsNotThisOnesLeftover() {
        var names = uniqueEnvironment();
        var otherEnvironment = uniqueEnvironment();
        createLeaseTable(otherEnvironment.physical(ANALYTICS_REPLAY_TABLES + "r1"));

        var report = provisionTables(names, quiet());

        assertThat(report.count(Action.LEFT_BEHIND)).isZero();
        assertThat(report.count(Action.CREATED)).isEqualTo(2);
        assertThat(report.summary()).doesNotContain("left behind");
    }

    // --- helpers ----------------------------------------------------------------------------

    /** Provisions the reference topology's tables and run-time table patterns, and deletes the tables afterwards. */
    private ProvisionReport provisionTables(ResourceNames names, PrintStream out) {
        var reference = ReferenceTopology.definition();
        var builder = Topology.builder();
        reference.tables().forEach(builder::table);
        reference.runtimeTables().forEach(builder::runtimeTable);
        var report = new Provisioner(aws, names, out).provision(builder.build());
        report.entries().stream().filter(e -> e.action() == Action.CREATED).forEach(e -> createdTables.add(e.name()));
        return report;
    }

    /** What analytics-service's replay creates: a KCL lease table (its key is enough here). */
    private void createLeaseTable(String name) {
        aws.dynamoDb()
                .createTable(b -> b.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(a -> a.attributeName("leaseKey").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("leaseKey").keyType(KeyType.HASH)));
        createdTables.add(name);
        try (var waiter = aws.dynamoDb().waiter()) {
            waiter.waitUntilTableExists(
                    b -> b.tableName(name),
                    o -> o.waitTimeout(Duration.ofSeconds(30))
                            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100))));
        }
    }

    private static ResourceNames uniqueEnvironment() {
        return new ResourceNames("it-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
