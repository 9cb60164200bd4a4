package dev.awsref.platform.topology.doc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.platform.topology.ReferenceTopology;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Rendering the model as the doc's tables, and saying precisely where a doc disagrees with it. */
class ArchitectureDocTest {

    private static final String TOPOLOGY_BEGIN = "<!-- topology:begin -->";
    private static final String TOPOLOGY_END = "<!-- topology:end -->";

    @Test
    void aResourceMissingFromTheDocIsReportedByName() {
        String expected = ResourceTables.render(ReferenceTopology.definition());
        String doc = withoutLineStartingWith(expected, "| `high-value-orders-dlq` |");

        assertThat(compare(expected, doc))
                .containsExactly("queue 'high-value-orders-dlq' is in ReferenceTopology but has no row under"
                        + " '### SQS queues' in docs/architecture.md");
    }

    @Test
    void aDocRowWithNoResourceBehindItIsReportedByName() {
        String expected = ResourceTables.render(ReferenceTopology.definition());
        String doc = expected.replace(
                "| `user-activity` |",
                "| `clickstream` | 1 | 24 hours | analytics-service | analytics-service |\n| `user-activity` |");

        assertThat(compare(expected, doc))
                .containsExactly("stream 'clickstream' has a row under '### Kinesis streams' in docs/architecture.md"
                        + " but no resource in ReferenceTopology");
    }

    @Test
    void aChangedValueIsReportedWithTheResourceTheColumnAndBothValues() {
        String expected = ResourceTables.render(ReferenceTopology.definition());
        String doc = expected.replace(
                "| `notification-documents` | standard | 60 s |", "| `notification-documents` | standard | 90 s |");

        assertThat(compare(expected, doc))
                .containsExactly("queue 'notification-documents': Visibility timeout is '90 s' in docs/architecture.md"
                        + " but '60 s' in ReferenceTopology");
    }

    @Test
    void rowsInAnotherOrderThanTheModelAreReported() {
        String expected = ResourceTables.render(ReferenceTopology.definition());
        String topics = expected.substring(expected.indexOf("| `order-events` |"));
        String orderEvents = topics.substring(0, topics.indexOf('\n') + 1);
        String doc = expected.replace(orderEvents, "").replace("| `ops-alerts` |", orderEvents + "| `ops-alerts` |");

        assertThat(compare(expected, doc))
                .containsExactly("'### SNS topics': rows are in another order than in ReferenceTopology; expected"
                        + " order-events, order-lifecycle.fifo, ops-alerts");
    }

    @Test
    void theServiceTableHasOneRowPerServiceWithItsPortsAndWhatItDependsOn() {
        String services = ServiceTable.render(ReferenceTopology.definition());

        assertThat(services.lines().filter(line -> line.startsWith("| ") && line.contains("-service |")))
                .containsExactly(
                        "| order-service | 8081 | 9081 | `orders` | yes | yes | no | no |",
                        "| notification-service | 8082 | 9082 | `notifications` | no | no | yes | yes, behind HTTP basic |",
                        "| analytics-service | 8083 | 9083 | — | yes | yes | no | yes, behind HTTP basic |");
    }

    @Test
    void aChangedPortIsReportedWithTheServiceAndBothValues() {
        String expected = ArchitectureDoc.renderedTables(ReferenceTopology.definition());
        String doc = expected.replace("| analytics-service | 8083 |", "| analytics-service | 8084 |");

        assertThat(compare(expected, doc))
                .containsExactly("service 'analytics-service': HTTP port is '8084' in docs/architecture.md"
                        + " but '8083' in ReferenceTopology");
    }

    @Test
    void regeneratingReplacesOnlyTheSectionBetweenTheMarkers() {
        String doc = "# Title\n\nprose before\n\n" + TOPOLOGY_BEGIN + "\nstale tables\n" + TOPOLOGY_END
                + "\n\nprose after\n";

        assertThat(ArchitectureDoc.replaceSection(doc, "topology", "fresh tables\n"))
                .isEqualTo("# Title\n\nprose before\n\n" + TOPOLOGY_BEGIN + "\n\nfresh tables\n\n" + TOPOLOGY_END
                        + "\n\nprose after\n");
    }

    @Test
    void regeneratingFillsEverySectionAndAgainChangesNothing() {
        String doc = "# Title\n\n<!-- services:begin -->\n<!-- services:end -->\n\nprose\n\n" + TOPOLOGY_BEGIN + "\n"
                + TOPOLOGY_END + "\n";

        String once = ArchitectureDoc.regenerate(doc, ReferenceTopology.definition());

        assertThat(ArchitectureDoc.problems(once, ReferenceTopology.definition()))
                .isEmpty();
        assertThat(ArchitectureDoc.regenerate(once, ReferenceTopology.definition()))
                .isEqualTo(once);
        assertThat(once).startsWith("# Title\n\n<!-- services:begin -->\n\n### Ports and dependencies\n");
    }

    @Test
    void aDocWithoutTheMarkersIsRefusedWithTheMarkersItNeeds() {
        assertThatThrownBy(() -> ArchitectureDoc.regenerate("# Title\n", ReferenceTopology.definition()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<!-- services:begin -->")
                .hasMessageContaining("<!-- services:end -->");
    }

    private static java.util.List<String> compare(String expected, String doc) {
        return TableComparison.compare(TableComparison.parse(expected), TableComparison.parse(doc));
    }

    private static String withoutLineStartingWith(String text, String prefix) {
        return text.lines().filter(line -> !line.startsWith(prefix)).collect(Collectors.joining("\n", "", "\n"));
    }
}
