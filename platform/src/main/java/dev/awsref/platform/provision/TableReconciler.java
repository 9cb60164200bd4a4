package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.DRIFTED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UPDATED;

import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.Topology;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * DynamoDB tables, on demand, with their indexes. A global index missing from an existing table is
 * added; local indexes are fixed when a table is created, so a difference there is reported as
 * drift and left to whoever can recreate the table.
 */
final class TableReconciler implements ResourceReconciler {

    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
    private static final FixedDelayBackoffStrategy POLL_EVERY_200_MS =
            FixedDelayBackoffStrategy.create(Duration.ofMillis(200));

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        topology.tables().forEach(table -> table(table, run));
    }

    private static void table(TableSpec table, ProvisionRun run) {
        String name = run.physical(table.name());
        Optional<TableDescription> existing = describeTable(name, run);
        if (existing.isEmpty()) {
            create(table, name, run);
            run.record(CREATED, "dynamodb table", name, detail(table));
            return;
        }
        var description = existing.get();
        var actualGsis = description.globalSecondaryIndexes().stream()
                .map(g -> g.indexName())
                .toList();
        var actualLsis = description.localSecondaryIndexes().stream()
                .map(l -> l.indexName())
                .sorted()
                .toList();
        var wantedLsis = table.localIndexes().stream()
                .map(TableSpec.LocalIndex::name)
                .sorted()
                .toList();
        var missingGsis = table.globalIndexes().stream()
                .filter(g -> !actualGsis.contains(g.name()))
                .toList();
        for (var gsi : missingGsis) {
            run.aws()
                    .dynamoDb()
                    .updateTable(b -> b.tableName(name)
                            .attributeDefinitions(TableSchema.attributeDefinitions(table))
                            .globalSecondaryIndexUpdates(u -> u.create(TableSchema.addGlobalIndex(gsi))));
        }
        if (!actualLsis.equals(wantedLsis)) {
            run.record(
                    DRIFTED,
                    "dynamodb table",
                    name,
                    "local indexes are " + actualLsis + ", topology says " + wantedLsis
                            + "; LSIs are fixed at creation, so the table must be recreated");
        } else if (!missingGsis.isEmpty()) {
            run.record(
                    UPDATED,
                    "dynamodb table",
                    name,
                    "added GSI "
                            + missingGsis.stream()
                                    .map(TableSpec.GlobalIndex::name)
                                    .toList() + "; " + detail(table));
        } else {
            run.record(UNCHANGED, "dynamodb table", name, detail(table));
        }
    }

    private static void create(TableSpec table, String name, ProvisionRun run) {
        var dynamoDb = run.aws().dynamoDb();
        dynamoDb.createTable(TableSchema.createTable(table, name));
        try (var waiter = dynamoDb.waiter()) {
            // The SDK's default polls every 20 s; tables on emulators are ready in milliseconds.
            waiter.waitUntilTableExists(
                    b -> b.tableName(name), o -> o.waitTimeout(ACTIVE_TIMEOUT).backoffStrategy(POLL_EVERY_200_MS));
        }
    }

    private static Optional<TableDescription> describeTable(String name, ProvisionRun run) {
        try {
            return Optional.of(
                    run.aws().dynamoDb().describeTable(b -> b.tableName(name)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String detail(TableSpec table) {
        return "key " + table.partitionKey().attribute()
                + table.sortKey().map(k -> "+" + k.attribute()).orElse("")
                + (table.globalIndexes().isEmpty()
                        ? ""
                        : ", GSI "
                                + table.globalIndexes().stream()
                                        .map(TableSpec.GlobalIndex::name)
                                        .toList())
                + (table.localIndexes().isEmpty()
                        ? ""
                        : ", LSI "
                                + table.localIndexes().stream()
                                        .map(TableSpec.LocalIndex::name)
                                        .toList())
                + ", on-demand";
    }
}
