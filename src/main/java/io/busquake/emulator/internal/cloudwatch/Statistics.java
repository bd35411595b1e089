package io.busquake.emulator.internal.cloudwatch;

import io.busquake.emulator.internal.metrics.MetricAggregate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CloudWatch's statistics: Sum, Average, Minimum, Maximum, SampleCount and percentiles pNN / pNN.NN. */
final class Statistics {
    static final Set<String> STANDARD = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100)");

    private Statistics() {
    }

    static boolean isPercentile(String stat) {
        return PERCENTILE.matcher(stat).matches();
    }

    /** The percentile of a pNN statistic, 0-100. */
    static double percentile(String stat) {
        Matcher m = PERCENTILE.matcher(stat);
        if (!m.matches()) {
            throw CloudWatchException.invalidParameter("'" + stat + "' is not a percentile statistic; use p0-p100, "
                    + "such as p99 or p99.9.");
        }
        return Double.parseDouble(m.group(1));
    }

    /** Rejects a statistic CloudWatch would not accept, naming the member. */
    static String check(String stat, String member) {
        if (stat == null || !(STANDARD.contains(stat) || isPercentile(stat))) {
            throw CloudWatchException.invalidParameter("The value " + stat + " for parameter " + member
                    + " is not supported; use one of SampleCount, Average, Sum, Minimum, Maximum or a percentile pNN.");
        }
        return stat;
    }

    /** The statistic's value, or NaN when the period has no value for it (no data, or no raw values for pNN). */
    static double value(MetricAggregate.Snapshot s, String stat) {
        if (s == null || s.sampleCount() == 0) {
            return Double.NaN;
        }
        return switch (stat) {
            case "SampleCount" -> s.sampleCount();
            case "Sum" -> s.sum();
            case "Average" -> s.average();
            case "Minimum" -> s.min();
            case "Maximum" -> s.max();
            default -> s.percentile(percentile(stat));
        };
    }
}
