package dev.awsref.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.awsref.platform.topology.QueueSpec.DeadLetter;
import dev.awsref.platform.topology.TableSpec.GlobalIndex;
import dev.awsref.platform.topology.TableSpec.Key;
import dev.awsref.platform.topology.TableSpec.LocalIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/architecture.md honest: its resource tables and its diagram must say what {@link
 * ReferenceTopology} declares, row for row and in both directions.
 *
 * <p>The tables are rendered from the model by {@link #renderTables(Topology)}. After changing the
 * topology, rewrite them instead of editing by hand:
 *
 * <pre>
 * ./mvnw -pl platform test -Dtest=ArchitectureDocMatchesTopologyTest -Ddocs.regenerate=true
 * </pre>
 *
 * which replaces everything between {@value #BEGIN} and {@value #END} in the doc.
 */
class ArchitectureDocMatchesTopologyTest {

    static final String DOC = "docs/architecture.md";
    static final String BEGIN = "<!-- topology:begin -->";
    static final String END = "<!-- topology:end -->";
    static final String REGENERATE_COMMAND = "./mvnw -pl platform test -Dtest=ArchitectureDocMatchesTopologyTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.regenerate=true";

    private static final String NONE = "—";

    // --- the tests ----------------------------------------------------------------------------

    @Test
    void everyResourceTableInTheArchitectureDocMatchesTheReferenceTopology() throws IOException {
        Path doc = architectureDoc();
        String markdown = Files.readString(doc);
        String expected = renderTables(ReferenceTopology.definition());

        if (Boolean.getBoolean("docs.regenerate")) {
            markdown = replaceGeneratedSection(markdown, expected);
            Files.writeString(doc, markdown);
            System.out.println(
                    "docs.regenerate=true: rewrote the tables between " + BEGIN + " and " + END + " in " + doc);
        }

        List<String> problems = compare(parseTables(expected), parseTables(markdown));
        if (!problems.isEmpty()) {
            fail(DOC + " does not match ReferenceTopology.definition():\n  - "
                    + String.join("\n  - ", problems)
                    + "\nIf the model is right, regenerate the tables with\n  " + REGENERATE_COMMAND
                    + "\nor replace the section between " + BEGIN + " and " + END + " with:\n\n" + expected);
        }
    }

    @Test
    void theDiagramNamesEveryResourceOfTheTopology() throws IOException {
        String diagram = mermaidDiagram(Files.readString(architectureDoc()));
        Topology topology = ReferenceTopology.definition();

        List<String> missing = Stream.of(
                        topology.topics().stream().map(t -> "topic " + t.name()),
                        topology.queues().stream().map(q -> "queue " + q.name()),
                        topology.buckets().stream().map(b -> "bucket " + b.name()),
                        topology.streams().stream().map(s -> "stream " + s.name()),
                        topology.tables().stream().map(t -> "table " + t.name()))
                .flatMap(Function.identity())
                .filter(resource -> !mentions(diagram, resource.substring(resource.indexOf(' ') + 1)))
                .toList();

        assertThat(missing)
                .as("resources declared in ReferenceTopology but absent from the Mermaid diagram in " + DOC)
                .isEmpty();
    }

    @Test
    void aResourceMissingFromTheDocIsReportedByName() {
        String expected = renderTables(ReferenceTopology.definition());
        String doc = withoutLineStartingWith(expected, "| `high-value-orders-dlq` |");

        assertThat(compare(parseTables(expected), parseTables(doc)))
                .containsExactly("queue 'high-value-orders-dlq' is in ReferenceTopology but has no row under"
                        + " '### SQS queues' in " + DOC);
    }

    @Test
    void aDocRowWithNoResourceBehindItIsReportedByName() {
        String expected = renderTables(ReferenceTopology.definition());
        String doc = expected.replace(
                "| `user-activity` |",
                "| `clickstream` | 1 | 24 hours | analytics-service | analytics-service |\n| `user-activity` |");

        assertThat(compare(parseTables(expected), parseTables(doc)))
                .containsExactly("stream 'clickstream' has a row under '### Kinesis streams' in " + DOC
                        + " but no resource in ReferenceTopology");
    }

    @Test
    void aChangedValueIsReportedWithTheResourceTheColumnAndBothValues() {
        String expected = renderTables(ReferenceTopology.definition());
        String doc = expected.replace(
                "| `notification-documents` | standard | 60 s |", "| `notification-documents` | standard | 90 s |");

        assertThat(compare(parseTables(expected), parseTables(doc)))
                .containsExactly("queue 'notification-documents': Visibility timeout is '90 s' in " + DOC
                        + " but '60 s' in ReferenceTopology");
    }

    @Test
    void rowsInAnotherOrderThanTheModelAreReported() {
        String expected = renderTables(ReferenceTopology.definition());
        String topics = expected.substring(expected.indexOf("| `order-events` |"));
        String orderEvents = topics.substring(0, topics.indexOf('\n') + 1);
        String doc = expected.replace(orderEvents, "").replace("| `ops-alerts` |", orderEvents + "| `ops-alerts` |");

        assertThat(compare(parseTables(expected), parseTables(doc)))
                .containsExactly("'### SNS topics': rows are in another order than in ReferenceTopology; expected"
                        + " order-events, order-lifecycle.fifo, ops-alerts");
    }

    @Test
    void regeneratingReplacesOnlyTheSectionBetweenTheMarkers() {
        String doc = "# Title\n\nprose before\n\n" + BEGIN + "\nstale tables\n" + END + "\n\nprose after\n";

        assertThat(replaceGeneratedSection(doc, "fresh tables\n"))
                .isEqualTo("# Title\n\nprose before\n\n" + BEGIN + "\n\nfresh tables\n\n" + END + "\n\nprose after\n");
    }

    // --- rendering: the model as markdown tables ----------------------------------------------

    /** The resource tables of docs/architecture.md, as the model says they must read. */
    static String renderTables(Topology topology) {
        var out = new StringBuilder();

        table(
                out,
                "SNS topics",
                List.of("Topic", "Type", "Publisher"),
                topology.topics().stream()
                        .map(t -> List.of(
                                code(t.name()),
                                type(t.fifo()),
                                t.publisher().map(ServiceName::id).orElse("none: CloudWatch alarms (AWS only)")))
                        .toList());

        table(
                out,
                "SQS queues",
                List.of(
                        "Queue",
                        "Type",
                        "Visibility timeout",
                        "Retention",
                        "Receive wait",
                        "DLQ",
                        "maxReceiveCount",
                        "Consumer"),
                topology.queues().stream()
                        .map(q -> List.of(
                                code(q.name()),
                                type(q.fifo()),
                                duration(q.visibilityTimeout()),
                                duration(q.retention()),
                                duration(q.receiveWait()),
                                q.deadLetter()
                                        .map(dl -> code(dl.queueName()))
                                        .orElseGet(() -> "is the DLQ of " + sourcesOf(topology, q.name())),
                                q.deadLetter()
                                        .map(dl -> String.valueOf(dl.maxReceiveCount()))
                                        .orElse(NONE),
                                q.consumer().id()))
                        .toList());

        table(
                out,
                "SNS subscriptions",
                List.of("Topic", "Queue", "Filter scope", "Filter policy", "Raw delivery"),
                topology.subscriptions().stream()
                        .map(s -> List.of(
                                code(s.topic()),
                                code(s.queue()),
                                s.filterPolicy().isPresent()
                                        ? s.filterPolicyScope().name()
                                        : NONE,
                                s.filterPolicy().map(p -> code(p)).orElse("none: every message"),
                                s.rawMessageDelivery() ? "yes" : "no"))
                        .toList());

        table(
                out,
                "S3 buckets",
                List.of("Bucket", "Notifies", "Queue", "Queue consumer"),
                topology.buckets().stream()
                        .map(b -> List.of(
                                code(b.name()),
                                code("s3:ObjectCreated:*"),
                                code(b.objectCreatedQueue()),
                                topology.queue(b.objectCreatedQueue())
                                        .consumer()
                                        .id()))
                        .toList());

        table(
                out,
                "Kinesis streams",
                List.of("Stream", "Shards", "Retention", "Producer", "Consumer"),
                topology.streams().stream()
                        .map(s -> List.of(
                                code(s.name()),
                                String.valueOf(s.shardCount()),
                                duration(s.retention()),
                                s.producer().id(),
                                s.consumer().id()))
                        .toList());

        table(
                out,
                "DynamoDB tables",
                List.of("Table", "Partition key", "Sort key", "GSIs", "LSIs", "Owner"),
                topology.tables().stream()
                        .map(t -> List.of(
                                code(t.name()),
                                key(t.partitionKey()),
                                t.sortKey().map(k -> key(k)).orElse(NONE),
                                joined(t.globalIndexes(), ArchitectureDocMatchesTopologyTest::globalIndex),
                                joined(t.localIndexes(), ArchitectureDocMatchesTopologyTest::localIndex),
                                t.owner().id()))
                        .toList());

        table(
                out,
                "Permissions by service",
                List.of("Service", "Resource", "Because it", "Actions"),
                permissions(topology));

        return out.toString().stripTrailing() + "\n";
    }

    /**
     * Least privilege, derived from the roles the model gives each service: a publisher may
     * publish, a consumer may receive and delete, an owner may read and write, and nothing else.
     */
    static List<List<String>> permissions(Topology topology) {
        var rows = new ArrayList<List<String>>();
        for (ServiceName service : ServiceName.values()) {
            for (TopicSpec topic : topology.topics()) {
                if (topic.publisher().equals(Optional.of(service))) {
                    rows.add(List.of(service.id(), "SNS " + code(topic.name()), "publishes", actions("sns:Publish")));
                }
            }
            for (QueueSpec queue : topology.queues()) {
                if (queue.consumer() != service) {
                    continue;
                }
                if (queue.isDeadLetterQueue()) {
                    rows.add(List.of(
                            service.id(),
                            "SQS " + code(queue.name()),
                            "inspects and redrives its dead letters",
                            actions(
                                    "sqs:ReceiveMessage",
                                    "sqs:DeleteMessage",
                                    "sqs:GetQueueAttributes",
                                    "sqs:GetQueueUrl",
                                    "sqs:StartMessageMoveTask",
                                    "sqs:ListMessageMoveTasks",
                                    "sqs:CancelMessageMoveTask")));
                } else {
                    // StartMessageMoveTask needs SendMessage on the queue it moves dead letters back to.
                    var consume = new ArrayList<>(List.of(
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueAttributes",
                            "sqs:GetQueueUrl"));
                    if (queue.deadLetter().isPresent()) {
                        consume.add("sqs:SendMessage");
                    }
                    rows.add(List.of(
                            service.id(),
                            "SQS " + code(queue.name()),
                            queue.deadLetter().isPresent() ? "consumes; redrives its DLQ back into it" : "consumes",
                            actions(consume.toArray(String[]::new))));
                }
            }
            for (BucketSpec bucket : topology.buckets()) {
                if (topology.queue(bucket.objectCreatedQueue()).consumer() == service) {
                    rows.add(List.of(
                            service.id(),
                            "S3 " + code(bucket.name()),
                            "is told of new objects via " + code(bucket.objectCreatedQueue()) + " and links to them",
                            actions("s3:GetObject")));
                }
            }
            for (StreamSpec stream : topology.streams()) {
                if (stream.producer() == service) {
                    rows.add(List.of(
                            service.id(),
                            "Kinesis " + code(stream.name()),
                            "produces",
                            actions(
                                    "kinesis:PutRecord",
                                    "kinesis:PutRecords",
                                    "kinesis:DescribeStreamSummary",
                                    "kinesis:ListShards")));
                }
                if (stream.consumer() == service) {
                    rows.add(List.of(
                            service.id(),
                            "Kinesis " + code(stream.name()) + " (KCL)",
                            "consumes",
                            actions(
                                    "kinesis:DescribeStream",
                                    "kinesis:DescribeStreamSummary",
                                    "kinesis:RegisterStreamConsumer",
                                    "kinesis:GetRecords",
                                    "kinesis:GetShardIterator",
                                    "kinesis:ListShards")));
                }
            }
            for (TableSpec table : topology.tables()) {
                if (table.owner() == service) {
                    rows.add(List.of(
                            service.id(),
                            "DynamoDB " + code(table.name()) + " and its indexes",
                            "owns",
                            actions(
                                    "dynamodb:DescribeTable",
                                    "dynamodb:GetItem",
                                    "dynamodb:PutItem",
                                    "dynamodb:UpdateItem",
                                    "dynamodb:DeleteItem",
                                    "dynamodb:BatchWriteItem",
                                    "dynamodb:Query",
                                    "dynamodb:Scan")));
                }
            }
        }
        return rows;
    }

    private static void table(StringBuilder out, String heading, List<String> header, List<List<String>> rows) {
        out.append("### ").append(heading).append("\n\n");
        out.append(row(header));
        out.append(row(header.stream().map(h -> "---").toList()));
        rows.forEach(r -> out.append(row(r)));
        out.append('\n');
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    private static String sourcesOf(Topology topology, String deadLetterQueue) {
        return topology.queues().stream()
                .filter(q -> q.deadLetter()
                        .map(DeadLetter::queueName)
                        .filter(deadLetterQueue::equals)
                        .isPresent())
                .map(q -> code(q.name()))
                .collect(Collectors.joining(", "));
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static String type(boolean fifo) {
        return fifo ? "FIFO" : "standard";
    }

    private static String key(Key key) {
        return code(key.attribute()) + " (" + key.type() + ")";
    }

    private static String globalIndex(GlobalIndex index) {
        return code(index.name()) + ": " + key(index.partitionKey())
                + index.sortKey().map(k -> " + " + key(k)).orElse("") + ", projects " + index.projection();
    }

    private static String localIndex(LocalIndex index) {
        return code(index.name()) + ": sort " + key(index.sortKey()) + ", projects " + index.projection();
    }

    private static <T> String joined(List<T> items, Function<T, String> render) {
        return items.isEmpty() ? NONE : items.stream().map(render).collect(Collectors.joining("; "));
    }

    private static String actions(String... actions) {
        return Arrays.stream(actions).map(a -> code(a)).collect(Collectors.joining(", "));
    }

    /** 30 s, 24 hours, 14 days: the unit a reader would use for each limit. */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 86_400 == 0 && seconds >= 2 * 86_400) {
            return seconds / 86_400 + " days";
        }
        if (seconds % 3_600 == 0 && seconds >= 3_600) {
            long hours = seconds / 3_600;
            return hours + (hours == 1 ? " hour" : " hours");
        }
        return seconds + " s";
    }

    // --- parsing: the doc's markdown tables -------------------------------------------------

    /** One markdown table under a level-3 heading. */
    record Table(String heading, List<String> header, List<List<String>> rows) {}

    /** What a row of each table is about, and how many leading columns name it. */
    private record RowKind(String noun, int keyColumns) {}

    private static final Map<String, RowKind> KINDS = Map.of(
            "SNS topics", new RowKind("topic", 1),
            "SQS queues", new RowKind("queue", 1),
            "SNS subscriptions", new RowKind("subscription", 2),
            "S3 buckets", new RowKind("bucket", 1),
            "Kinesis streams", new RowKind("stream", 1),
            "DynamoDB tables", new RowKind("table", 1),
            "Permissions by service", new RowKind("permission", 2));

    private static final Pattern HEADING = Pattern.compile("^###\\s+(.+?)\\s*$");
    private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");

    /** The tables under the known level-3 headings, by heading; a heading without a table maps to an empty table. */
    static Map<String, Table> parseTables(String markdown) {
        var tables = new LinkedHashMap<String, Table>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            var heading = HEADING.matcher(lines.get(i));
            if (!heading.matches() || !KINDS.containsKey(heading.group(1))) {
                continue;
            }
            int j = i + 1;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            var tableLines = new ArrayList<List<String>>();
            while (j < lines.size() && lines.get(j).trim().startsWith("|")) {
                tableLines.add(cells(lines.get(j)));
                j++;
            }
            String name = heading.group(1);
            if (tables.containsKey(name)) {
                name = name + " (again)";
            }
            tables.put(
                    name,
                    tableLines.size() < 2
                            ? new Table(heading.group(1), List.of(), List.of())
                            : new Table(heading.group(1), tableLines.get(0), tableLines.subList(2, tableLines.size())));
        }
        return tables;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        return Arrays.stream(CELL_SEPARATOR.split(inner, -1))
                .map(c -> c.trim().replace("\\|", "|"))
                .toList();
    }

    // --- comparing ----------------------------------------------------------------------------

    /** Every difference between the tables the model renders and those in the doc, one sentence each. */
    static List<String> compare(Map<String, Table> expected, Map<String, Table> actual) {
        var problems = new ArrayList<String>();
        for (Table want : expected.values()) {
            Table have = actual.get(want.heading());
            String where = "'### " + want.heading() + "'";
            if (have == null) {
                problems.add("section " + where + " is missing from " + DOC);
                continue;
            }
            if (have.header().isEmpty()) {
                problems.add("section " + where + " in " + DOC + " has no table under it");
                continue;
            }
            if (!have.header().equals(want.header())) {
                problems.add(where + ": columns are " + have.header() + " in " + DOC + " but " + want.header()
                        + " in the renderer");
                continue;
            }
            problems.addAll(compareRows(want, have));
        }
        actual.keySet().stream()
                .filter(heading -> !expected.containsKey(heading))
                .forEach(heading -> problems.add("section '### " + heading + "' appears more than once in " + DOC));
        return problems;
    }

    private static List<String> compareRows(Table want, Table have) {
        RowKind kind = KINDS.get(want.heading());
        String where = "'### " + want.heading() + "'";
        var problems = new ArrayList<String>();
        Map<String, List<String>> wanted = byKey(want, kind, problems);
        Map<String, List<String>> found = byKey(have, kind, problems);

        wanted.forEach((key, wantRow) -> {
            List<String> haveRow = found.get(key);
            String resource = kind.noun() + " '" + key + "'";
            if (haveRow == null) {
                problems.add(resource + " is in ReferenceTopology but has no row under " + where + " in " + DOC);
                return;
            }
            if (haveRow.size() != wantRow.size()) {
                problems.add(resource + ": the row has " + haveRow.size() + " cells in " + DOC + ", expected "
                        + wantRow.size() + " " + want.header());
                return;
            }
            for (int c = kind.keyColumns(); c < wantRow.size(); c++) {
                if (!haveRow.get(c).equals(wantRow.get(c))) {
                    problems.add(resource + ": " + want.header().get(c) + " is '" + haveRow.get(c) + "' in " + DOC
                            + " but '" + wantRow.get(c) + "' in ReferenceTopology");
                }
            }
        });
        found.keySet().stream()
                .filter(key -> !wanted.containsKey(key))
                .forEach(key -> problems.add(kind.noun() + " '" + key + "' has a row under " + where + " in " + DOC
                        + " but no resource in ReferenceTopology"));

        if (problems.isEmpty() && !List.copyOf(found.keySet()).equals(List.copyOf(wanted.keySet()))) {
            problems.add(where + ": rows are in another order than in ReferenceTopology; expected "
                    + String.join(", ", wanted.keySet()));
        }
        return problems;
    }

    private static Map<String, List<String>> byKey(Table table, RowKind kind, List<String> problems) {
        var rows = new LinkedHashMap<String, List<String>>();
        for (List<String> row : table.rows()) {
            String key = row.stream()
                    .limit(kind.keyColumns())
                    .map(cell -> cell.replace("`", ""))
                    .collect(Collectors.joining(" -> "));
            if (rows.putIfAbsent(key, row) != null) {
                problems.add(kind.noun() + " '" + key + "' has two rows under '### " + table.heading() + "' in " + DOC);
            }
        }
        return rows;
    }

    // --- the doc ------------------------------------------------------------------------------

    static String replaceGeneratedSection(String markdown, String tables) {
        int begin = markdown.indexOf(BEGIN);
        int end = markdown.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new AssertionError(DOC + " needs the markers " + BEGIN + " and " + END
                    + ", in that order, around its resource" + " tables before they can be regenerated");
        }
        return markdown.substring(0, begin + BEGIN.length()) + "\n\n" + tables.stripTrailing() + "\n\n"
                + markdown.substring(end);
    }

    private static String mermaidDiagram(String markdown) {
        int start = markdown.indexOf("```mermaid");
        assertThat(start).as("a ```mermaid block in " + DOC).isNotNegative();
        int end = markdown.indexOf("```", start + "```mermaid".length());
        assertThat(end).as("the end of the ```mermaid block in " + DOC).isPositive();
        return markdown.substring(start, end);
    }

    /** Whether the name stands on its own: order-events must not be found inside notification-order-events. */
    private static boolean mentions(String text, String name) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w-]|\\.\\w)")
                .matcher(text)
                .find();
    }

    private static String withoutLineStartingWith(String text, String prefix) {
        return text.lines().filter(line -> !line.startsWith(prefix)).collect(Collectors.joining("\n", "", "\n"));
    }

    /** docs/architecture.md under the reactor root: Surefire's project.root, else the nearest directory above with docs/. */
    static Path architectureDoc() {
        String root = System.getProperty("project.root");
        if (root != null && Files.isRegularFile(Path.of(root, DOC))) {
            return Path.of(root, DOC);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(DOC))) {
                return dir.resolve(DOC);
            }
        }
        return fail("cannot find " + DOC + " in project.root (" + root + ") or above "
                + Path.of("").toAbsolutePath());
    }
}
