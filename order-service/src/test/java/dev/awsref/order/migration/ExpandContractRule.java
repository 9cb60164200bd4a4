package dev.awsref.order.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migration rule for rolling, immutable and traffic-splitting deployments, where the previous
 * release runs against the new schema: a migration may only expand (new tables, new nullable
 * columns, new indexes). Dropping, renaming or retyping a column, dropping a table, or making a
 * column NOT NULL is a contract step, allowed only in a later release and only in a file that says
 * which earlier migration expanded for it: {@code -- contract: expanded in V3}.
 */
final class ExpandContractRule {

    private static final List<Pattern> CONTRACTING = List.of(
            Pattern.compile("\\bDROP\\s+COLUMN\\b"),
            Pattern.compile("\\bRENAME\\s+COLUMN\\b"),
            Pattern.compile("\\bRENAME\\s+TO\\b"),
            Pattern.compile("\\bALTER\\s+COLUMN\\s+\\S+\\s+(SET\\s+DATA\\s+)?TYPE\\b"),
            Pattern.compile("\\bALTER\\s+COLUMN\\s+\\S+\\s+SET\\s+NOT\\s+NULL\\b"),
            Pattern.compile("\\bDROP\\s+TABLE\\b"));
    private static final Pattern MARKER =
            Pattern.compile("--\\s*contract:\\s*expanded in V(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

    private ExpandContractRule() {}

    /** What is wrong with one migration file, empty if nothing. */
    static List<String> violations(String fileName, String sql) {
        Matcher version = VERSION.matcher(fileName);
        if (!version.matches()) {
            return List.of(fileName + ": not a versioned migration name (V<n>__<description>.sql)");
        }
        int fileVersion = Integer.parseInt(version.group(1));
        String statements = withoutComments(sql).toUpperCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (Pattern pattern : CONTRACTING) {
            Matcher matcher = pattern.matcher(statements);
            while (matcher.find()) {
                found.add(matcher.group().replaceAll("\\s+", " "));
            }
        }
        if (found.isEmpty()) {
            return List.of();
        }
        Optional<Integer> expandedIn = marker(sql);
        if (expandedIn.isPresent() && expandedIn.get() < fileVersion) {
            return List.of();
        }
        String why = expandedIn.isPresent()
                ? "its marker names V" + expandedIn.get() + ", which is not earlier than V" + fileVersion
                : "it has no '-- contract: expanded in V<n>' marker";
        return List.of(fileName + " contracts the schema (" + String.join(", ", found) + ") but " + why
                + "; the previous release still reads and writes these columns during a rolling deployment");
    }

    private static Optional<Integer> marker(String sql) {
        Matcher matcher = MARKER.matcher(sql);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static String withoutComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
    }
}
