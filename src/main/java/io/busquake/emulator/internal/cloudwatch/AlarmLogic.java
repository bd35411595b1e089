package io.busquake.emulator.internal.cloudwatch;

import java.util.ArrayList;
import java.util.List;

/**
 * How CloudWatch decides an alarm's state from the datapoints of its evaluation range (oldest first, NaN =
 * missing), per "How alarm state is evaluated when data is missing":
 * <ul>
 * <li>at least N real points in the range: the newest N real points decide, TreatMissingData is not used;</li>
 * <li>no real point: missing gives INSUFFICIENT_DATA, ignore keeps the state, breaching ALARM, notBreaching OK;</li>
 * <li>some, fewer than N: every real point counts, and only as many missing points as make N are filled (breaching
 * or notBreaching). Under missing and ignore nothing is filled: enough breaching points give ALARM, any
 * non-breaching point gives OK; otherwise missing gives INSUFFICIENT_DATA, except that breaching points older than
 * the newest N periods are the "last set of datapoints" CloudWatch keeps re-evaluating and give ALARM; ignore keeps
 * the state.</li>
 * </ul>
 * This reproduces every row of the two example tables in AWS's documentation (M=N=3 and M=2, N=3, 5 points).
 */
final class AlarmLogic {
    static final String OK = "OK";
    static final String ALARM = "ALARM";
    static final String INSUFFICIENT_DATA = "INSUFFICIENT_DATA";

    private AlarmLogic() {
    }

    /** Extra periods fetched beyond EvaluationPeriods (AWS's documented example fetches 5 for 3). */
    static int evaluationRange(int evaluationPeriods) {
        return evaluationPeriods + 2;
    }

    /**
     * The decision: {@code state} null means keep the current state. {@code evaluated} are the indices of the real
     * points that counted (oldest first); {@code filled} missing points were treated as {@code filledAsBreaching}.
     */
    record Decision(String state, List<Integer> evaluated, int breaching, int filled, boolean filledAsBreaching,
            int missing) {
    }

    static Decision decide(double[] values, boolean[] breaches, int evaluationPeriods, int datapointsToAlarm,
            String treatMissingData) {
        int n = evaluationPeriods;
        int m = datapointsToAlarm;
        List<Integer> real = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                real.add(i);
            }
        }
        int missing = values.length - real.size();
        if (real.size() >= n) {
            List<Integer> evaluated = real.subList(real.size() - n, real.size());
            int b = count(evaluated, breaches);
            return new Decision(b >= m ? ALARM : OK, List.copyOf(evaluated), b, 0, false, missing);
        }
        int b = count(real, breaches);
        int k = n - real.size();
        switch (treatMissingData) {
            case "breaching":
                return new Decision(b + k >= m ? ALARM : OK, List.copyOf(real), b, k, true, missing);
            case "notBreaching":
                return new Decision(b >= m ? ALARM : OK, List.copyOf(real), b, k, false, missing);
            default:
                if (real.isEmpty()) {
                    return new Decision("ignore".equals(treatMissingData) ? null : INSUFFICIENT_DATA, List.of(), 0, 0,
                            false, missing);
                }
                String state;
                if (b >= m) {
                    state = ALARM;
                } else if (b < real.size()) {
                    state = OK;
                } else if ("ignore".equals(treatMissingData)) {
                    state = null;
                } else {
                    boolean anyInNewestN = real.get(real.size() - 1) >= values.length - n;
                    state = anyInNewestN ? INSUFFICIENT_DATA : ALARM;
                }
                return new Decision(state, List.copyOf(real), b, 0, false, missing);
        }
    }

    private static int count(List<Integer> indices, boolean[] breaches) {
        int c = 0;
        for (int i : indices) {
            if (breaches[i]) {
                c++;
            }
        }
        return c;
    }

    static boolean breaches(String comparisonOperator, double value, double threshold) {
        return switch (comparisonOperator) {
            case "GreaterThanOrEqualToThreshold" -> value >= threshold;
            case "GreaterThanThreshold" -> value > threshold;
            case "LessThanThreshold" -> value < threshold;
            case "LessThanOrEqualToThreshold" -> value <= threshold;
            default -> throw new IllegalArgumentException("not a threshold operator: " + comparisonOperator);
        };
    }

    static String phrase(String comparisonOperator) {
        return switch (comparisonOperator) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            case "LessThanOrEqualToThreshold" -> "less than or equal to";
            default -> throw new IllegalArgumentException("not a threshold operator: " + comparisonOperator);
        };
    }
}
