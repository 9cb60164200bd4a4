package dev.awsref.platform.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows of docs/concepts.md: one seed concept each, with the identifiers that prove it, the code,
 * the tests ({@code Class#method}) and the docs pages. Parsed from the Markdown itself, so the page
 * is the only list of concepts there is.
 */
record ConceptsTable(List<Row> rows) {

    static final String PATH = "docs/concepts.md";
    static final String HEADER = "| Concept | Proof keyword | Code | Test | Docs |";

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern TEST_REF = Pattern.compile("([A-Z]\\w*)#(\\w+)");

    /** One concept row; {@code line} is its line number in the page, for messages. */
    record Row(int line, String concept, List<String> keywords, String code, List<TestRef> tests, String docs) {

        List<String> links() {
            List<String> links = new ArrayList<>(linksIn(code));
            links.addAll(linksIn(docs));
            return links;
        }

        boolean claimsNoTest() {
            return tests.isEmpty();
        }
    }

    /** A test method a row claims proves its concept. */
    record TestRef(String className, String method) {
        @Override
        public String toString() {
            return className + "#" + method;
        }
    }

    static ConceptsTable parse(String markdown) {
        List<Row> rows = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inTable = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(HEADER)) {
                inTable = true;
                i++; // the |---| separator
                continue;
            }
            if (!inTable) {
                continue;
            }
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            rows.add(row(i + 1, line));
        }
        return new ConceptsTable(rows);
    }

    private static Row row(int lineNumber, String line) {
        List<String> cells = cells(line);
        if (cells.size() != 5) {
            throw new IllegalArgumentException(
                    PATH + ":" + lineNumber + " has " + cells.size() + " cells, not 5: " + line);
        }
        return new Row(
                lineNumber, cells.get(0), codeSpans(cells.get(1)), cells.get(2), testRefs(cells.get(3)), cells.get(4));
    }

    /** Splits on the pipes between cells; a pipe inside a code span (`a|b`) stays in its cell. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '|' && !inCode && line.charAt(i - 1) != '\\') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    private static List<String> codeSpans(String cell) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE_SPAN.matcher(cell);
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }

    private static List<TestRef> testRefs(String cell) {
        List<TestRef> refs = new ArrayList<>();
        for (String span : codeSpans(cell)) {
            Matcher m = TEST_REF.matcher(span);
            if (m.matches()) {
                refs.add(new TestRef(m.group(1), m.group(2)));
            }
        }
        return refs;
    }

    static List<String> linksIn(String cell) {
        List<String> links = new ArrayList<>();
        Matcher m = LINK.matcher(cell);
        while (m.find()) {
            links.add(m.group(1));
        }
        return links;
    }
}
