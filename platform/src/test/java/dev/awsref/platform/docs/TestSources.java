package dev.awsref.platform.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The test classes of every module, found by simple name, and the body of one of their methods. */
final class TestSources {

    private final List<Path> files;

    private TestSources(List<Path> files) {
        this.files = files;
    }

    static TestSources under(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return new TestSources(walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/test/java/"))
                    .filter(p ->
                            !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Path> classFile(String simpleName) {
        return files.stream()
                .filter(p -> p.getFileName().toString().equals(simpleName + ".java"))
                .findFirst();
    }

    /** The text between the braces of {@code void method(...)}, or empty if the class declares no such method. */
    static Optional<String> methodBody(String source, String method) {
        Matcher declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(")
                .matcher(source);
        if (!declaration.find()) {
            return Optional.empty();
        }
        int open = source.indexOf('{', declaration.end());
        return open < 0 ? Optional.empty() : Optional.of(source.substring(open + 1, matchingBrace(source, open)));
    }

    /** The index of the brace closing the one at {@code open}, skipping strings, text blocks, chars and comments. */
    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (s.startsWith("\"\"\"", i)) {
                i = s.indexOf("\"\"\"", i + 3) + 2;
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(s, i, c);
            } else if (s.startsWith("//", i)) {
                i = s.indexOf('\n', i);
            } else if (s.startsWith("/*", i)) {
                i = s.indexOf("*/", i) + 1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
            if (i < 0) {
                break;
            }
        }
        return s.length();
    }

    private static int endOfLiteral(String s, int start, char quote) {
        for (int i = start + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == quote) {
                return i;
            }
        }
        return s.length();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
