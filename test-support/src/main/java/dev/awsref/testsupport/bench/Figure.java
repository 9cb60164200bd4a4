package dev.awsref.testsupport.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * One measured figure over all runs of a benchmark: every run's value, the 1-minute load average
 * when that value was taken, and the median and spread the docs show.
 *
 * @param target the design's target for the median ({@code >= 0.9}), or null for a figure that
 *     only gives context (the two sides of a ratio)
 */
public record Figure(
        String name,
        String unit,
        String target,
        List<Double> samples,
        List<Double> loadAverages,
        double median,
        double min,
        double max) {

    public static Figure of(String name, String unit, String target, List<Double> samples, List<Double> loads) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(name + ": no samples");
        }
        double[] sorted =
                samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figure(
                name,
                unit,
                target,
                samples.stream().map(Figure::round).toList(),
                loads.stream().map(Figure::round).toList(),
                round(median(sorted)),
                round(sorted[0]),
                round(sorted[sorted.length - 1]));
    }

    /** The verdict on the median: "met", "missed", or "" when the figure has no target. */
    public String verdict() {
        if (target == null) {
            return "";
        }
        return new Target(target).metBy(median) ? "met" : "missed";
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Three significant digits: more would claim a precision no run on a shared machine has. */
    static double round(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(new MathContext(3)).doubleValue();
    }
}
