package dev.awsref.platform.topology.doc;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How the generated tables write things: one table under a level-3 heading, names in code spans. */
final class Markdown {

    /** An empty cell: the resource has no such thing. */
    static final String NONE = "—";

    private Markdown() {}

    static void table(StringBuilder out, String heading, List<String> header, List<List<String>> rows) {
        out.append("### ").append(heading).append("\n\n");
        out.append(row(header));
        out.append(row(header.stream().map(h -> "---").toList()));
        rows.forEach(r -> out.append(row(r)));
        out.append('\n');
    }

    private static String row(List<String> cells) {
        return cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    static String code(String text) {
        return "`" + text + "`";
    }

    static String codes(String... texts) {
        return Arrays.stream(texts).map(Markdown::code).collect(Collectors.joining(", "));
    }

    static String yesOrNo(boolean value) {
        return value ? "yes" : "no";
    }

    static <T> String joined(List<T> items, Function<T, String> render) {
        return items.isEmpty() ? NONE : items.stream().map(render).collect(Collectors.joining("; "));
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
}
