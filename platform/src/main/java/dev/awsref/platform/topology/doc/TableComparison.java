package dev.awsref.platform.topology.doc;

import static dev.awsref.platform.topology.doc.ArchitectureDoc.PATH;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the generated tables back out of markdown and says, one sentence each, where the doc and
 * the model disagree: a resource without a row, a row without a resource, a changed cell (naming
 * the resource, the column and both values), rows in another order.
 */
final class TableComparison {

    /** One markdown table under a level-3 heading. */
    record Table(String heading, List<String> header, List<List<String>> rows) {}

    /** What a row of each table is about, and how many leading columns name it. */
    private record RowKind(String noun, int keyColumns) {}

    private static final Map<String, RowKind> KINDS = Map.of(
            ServiceTable.HEADING,
            new RowKind("service", 1),
            "SNS topics",
            new RowKind("topic", 1),
            "SQS queues",
            new RowKind("queue", 1),
            "SNS subscriptions",
            new RowKind("subscription", 2),
            "S3 buckets",
            new RowKind("bucket", 1),
            "Kinesis streams",
            new RowKind("stream", 1),
            "DynamoDB tables",
            new RowKind("table", 1),
            "Permissions by service",
            new RowKind("permission", 2));

    private static final Pattern HEADING = Pattern.compile("^###\\s+(.+?)\\s*$");
    private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");

    private TableComparison() {}

    /** The tables under the known level-3 headings, by heading; a heading without a table maps to an empty table. */
    static Map<String, Table> parse(String markdown) {
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

    /** Every difference between the tables the model renders and those in the doc, one sentence each. */
    static List<String> compare(Map<String, Table> expected, Map<String, Table> actual) {
        var problems = new ArrayList<String>();
        for (Table want : expected.values()) {
            Table have = actual.get(want.heading());
            String where = "'### " + want.heading() + "'";
            if (have == null) {
                problems.add("section " + where + " is missing from " + PATH);
                continue;
            }
            if (have.header().isEmpty()) {
                problems.add("section " + where + " in " + PATH + " has no table under it");
                continue;
            }
            if (!have.header().equals(want.header())) {
                problems.add(where + ": columns are " + have.header() + " in " + PATH + " but " + want.header()
                        + " in the renderer");
                continue;
            }
            problems.addAll(compareRows(want, have));
        }
        actual.keySet().stream()
                .filter(heading -> !expected.containsKey(heading))
                .forEach(heading -> problems.add("section '### " + heading + "' appears more than once in " + PATH));
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
                problems.add(resource + " is in ReferenceTopology but has no row under " + where + " in " + PATH);
                return;
            }
            if (haveRow.size() != wantRow.size()) {
                problems.add(resource + ": the row has " + haveRow.size() + " cells in " + PATH + ", expected "
                        + wantRow.size() + " " + want.header());
                return;
            }
            for (int c = kind.keyColumns(); c < wantRow.size(); c++) {
                if (!haveRow.get(c).equals(wantRow.get(c))) {
                    problems.add(resource + ": " + want.header().get(c) + " is '" + haveRow.get(c) + "' in " + PATH
                            + " but '" + wantRow.get(c) + "' in ReferenceTopology");
                }
            }
        });
        found.keySet().stream()
                .filter(key -> !wanted.containsKey(key))
                .forEach(key -> problems.add(kind.noun() + " '" + key + "' has a row under " + where + " in " + PATH
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
                problems.add(
                        kind.noun() + " '" + key + "' has two rows under '### " + table.heading() + "' in " + PATH);
            }
        }
        return rows;
    }
}
