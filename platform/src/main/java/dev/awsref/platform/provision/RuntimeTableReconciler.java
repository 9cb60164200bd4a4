package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.LEFT_BEHIND;

import dev.awsref.platform.topology.RuntimeTableSpec;
import dev.awsref.platform.topology.Topology;
import java.util.List;

/**
 * DynamoDB tables that services create and delete at run time ({@link RuntimeTableSpec}): nothing
 * to create, but every table of this environment that matches a pattern ({@code
 * <prefix>-<namePrefix>*}) is reported as left behind, one line each. While its service runs, such
 * a table may well be in use; one that outlives the run that made it costs money and is otherwise
 * invisible.
 */
final class RuntimeTableReconciler implements ResourceReconciler {

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        if (topology.runtimeTables().isEmpty()) {
            return;
        }
        List<String> tables =
                run.aws().dynamoDb().listTablesPaginator().tableNames().stream().toList();
        for (RuntimeTableSpec pattern : topology.runtimeTables()) {
            String physicalPrefix = run.physical(pattern.namePrefix());
            tables.stream()
                    .filter(table -> table.startsWith(physicalPrefix) && table.length() > physicalPrefix.length())
                    .sorted()
                    .forEach(table -> run.record(
                            LEFT_BEHIND,
                            "dynamodb table",
                            table,
                            "%s made it at run time (%s); provisioning leaves it alone"
                                    .formatted(pattern.owner().id(), pattern.purpose())));
        }
    }
}
