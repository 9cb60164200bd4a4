package dev.awsref.testsupport.bench;

import java.util.regex.Pattern;

/**
 * A design target such as {@code >= 0.9} or {@code < 300}: what a figure's median is judged by.
 * Kept as the text the design states, so the docs show it exactly as written.
 */
public record Target(String text) {

    private static final Pattern FORM = Pattern.compile("(>=|<=|>|<)\\s*([0-9]+(?:\\.[0-9]+)?)");

    public Target {
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("a target is an operator and a number, e.g. '>= 0.9', not: " + text);
        }
    }

    public boolean metBy(double value) {
        var m = FORM.matcher(text);
        m.matches();
        double bound = Double.parseDouble(m.group(2));
        return switch (m.group(1)) {
            case ">=" -> value >= bound;
            case "<=" -> value <= bound;
            case ">" -> value > bound;
            default -> value < bound;
        };
    }
}
