package dev.awsref.defaults.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard provisioned by docker-compose parses, has the figures issue 13 asks for,
 * and every metric its queries read is one the services export ({@link SystemMetric}, named once):
 * a renamed meter fails here instead of leaving an empty panel.
 */
class DashboardShowsOnlyExportedMetricsTest {

    private static final Path DASHBOARD = Path.of("tools/observability/grafana/dashboards/system.json");
    /** PromQL's functions, aggregations and keywords used in the dashboard: what is not a metric. */
    private static final Set<String> PROMQL = Set.of("sum", "rate", "max", "min", "avg", "by", "without", "increase");

    private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final JsonNode dashboard = readDashboard();

    @Test
    void everyPanelReadsOnlyMetricsTheServicesExport() {
        List<String> unknown = new ArrayList<>();
        for (String expr : expressions()) {
            for (String metric : metricsIn(expr)) {
                if (!SystemMetric.prometheusNames().contains(metric)) {
                    unknown.add(metric + " in " + expr);
                }
            }
        }
        assertThat(unknown).as("metrics no service exports").isEmpty();
    }

    @Test
    void everyCataloguedMetricHasAPanel() {
        Set<String> read = new TreeSet<>();
        expressions().forEach(e -> read.addAll(metricsIn(e)));
        for (SystemMetric metric : SystemMetric.values()) {
            assertThat(metric.prometheusSeries())
                    .as(metric.meterName() + " is on no panel")
                    .anyMatch(read::contains);
        }
    }

    @Test
    void theDashboardHasTheFiguresTheIssueAsksFor() {
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asString()));
        assertThat(titles)
                .contains(
                        "Orders per minute",
                        "Outbox backlog and oldest pending row",
                        "Queue and DLQ depth",
                        "Listener throughput and errors",
                        "Kinesis records in and out per shard",
                        "Kinesis iterator age (MillisBehindLatest)",
                        "Order cache hit ratio",
                        "Circuit-breaker state");
        dashboard
                .get("panels")
                .forEach(p -> assertThat(p.get("datasource").get("uid").asString())
                        .as("the provisioned datasource")
                        .isEqualTo("prometheus"));
    }

    static Set<String> metricsIn(String expr) {
        String stripped = GROUPING.matcher(expr).replaceAll(" ");
        stripped = LABELS.matcher(stripped).replaceAll(" ");
        stripped = RANGES.matcher(stripped).replaceAll(" ");
        Set<String> metrics = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String word = m.group();
            boolean isFunction = stripped.substring(m.end()).stripLeading().startsWith("(");
            if (!isFunction && !PROMQL.contains(word)) {
                metrics.add(word);
            }
        }
        return metrics;
    }

    @Test
    void theExtractorFindsMetricsAndNotFunctionsLabelsOrRanges() {
        assertThat(metricsIn("sum by (queue, outcome) (rate(a_total{x=\"y\"}[1m])) / max(b_seconds) == 1"))
                .containsExactly("a_total", "b_seconds");
    }

    private List<String> expressions() {
        List<String> exprs = new ArrayList<>();
        dashboard
                .get("panels")
                .forEach(p ->
                        p.get("targets").forEach(t -> exprs.add(t.get("expr").asString())));
        assertThat(exprs).isNotEmpty();
        return exprs;
    }

    private static JsonNode readDashboard() {
        try {
            return JsonMapper.builder()
                    .build()
                    .readTree(Files.readString(ProjectRoot.find().resolve(DASHBOARD)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
