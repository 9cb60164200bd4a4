package dev.awsref.platform.topology.doc;

import static dev.awsref.platform.topology.doc.Markdown.code;
import static dev.awsref.platform.topology.doc.Markdown.codes;

import dev.awsref.platform.topology.ModelGrants;
import dev.awsref.platform.topology.ModelGrants.Grant;
import dev.awsref.platform.topology.ModelGrants.Kind;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model's grants ({@link ModelGrants}, from which the CDK app builds each instance role) as a
 * table: one row per service and resource, with every reason and every action the service has on
 * it. The KMS keys are left out (the grants on them follow from the rows), and a table's indexes
 * share the table's row.
 */
final class PermissionRows {

    private PermissionRows() {}

    static List<List<String>> of(Topology topology) {
        var rows = new ArrayList<List<String>>();
        for (ServiceSpec service : topology.services()) {
            Map<String, Set<String>> purposes = new LinkedHashMap<>();
            Map<String, Set<String>> actions = new LinkedHashMap<>();
            for (Grant grant : ModelGrants.of(topology, service.name())) {
                for (ModelGrants.Resource resource : grant.resources()) {
                    label(resource).ifPresent(label -> {
                        purposes.computeIfAbsent(label, l -> new LinkedHashSet<>())
                                .add(grant.purpose());
                        actions.computeIfAbsent(label, l -> new LinkedHashSet<>())
                                .addAll(grant.actions());
                    });
                }
            }
            purposes.forEach((label, why) -> rows.add(List.of(
                    service.id(),
                    label,
                    String.join("; ", why),
                    codes(actions.get(label).toArray(String[]::new)))));
        }
        return rows;
    }

    /**
     * How the docs name a resource; empty for the keys. A table's indexes share its row, and a
     * run-time pattern is named with its {@code *}.
     */
    private static Optional<String> label(ModelGrants.Resource resource) {
        Kind kind = resource.kind();
        return switch (kind) {
            case MESSAGING_KEY, STREAMING_KEY -> Optional.empty();
            case RUNTIME_TABLES, RUNTIME_TABLE_INDEXES, RUNTIME_METRIC_NAMESPACES ->
                Optional.of(kind.service() + " " + code(resource.name() + "*"));
            default -> Optional.of(kind.service() + " " + code(resource.name()));
        };
    }
}
