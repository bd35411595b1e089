package io.busquake.emulator.internal.cloudwatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * The metric-math expressions alarms commonly use: arithmetic ({@code + - * / ^}, unary minus), comparisons and
 * {@code AND}/{@code OR} (1 or 0), {@code SUM}/{@code AVG}/{@code MIN}/{@code MAX} (over {@code [m1, m2]} per timestamp,
 * or over one series to a scalar), {@code FILL(m, value|REPEAT)}, {@code IF(condition, a[, b])} and {@code ABS}.
 * A missing point is NaN; arithmetic on it stays missing, as in CloudWatch, where a result has a point only where
 * every operand has one.
 */
final class MetricMath {

    /** A value: a scalar, one series on the request's time grid, or an array of series. */
    sealed interface Value permits Scalar, Series, SeriesArray {
    }

    record Scalar(double value) implements Value {
    }

    record Series(double[] values) implements Value {
    }

    record SeriesArray(List<double[]> members) implements Value {
    }

    private final String text;
    private final Function<String, Value> ids;
    private final int length;
    private int pos;

    private MetricMath(String text, Function<String, Value> ids, int length) {
        this.text = text;
        this.ids = ids;
        this.length = length;
    }

    /**
     * Evaluates {@code expression} on a grid of {@code length} periods; {@code ids} resolves other queries' ids.
     * A scalar result is spread over every period.
     */
    static double[] evaluate(String expression, Function<String, Value> ids, int length) {
        MetricMath parser = new MetricMath(expression, ids, length);
        Value v = parser.orExpr();
        parser.skipSpaces();
        if (parser.pos != expression.length()) {
            throw parser.error("unexpected '" + expression.substring(parser.pos) + "'");
        }
        return parser.asSeries(v);
    }

    private CloudWatchException error(String what) {
        return CloudWatchException.validation("Error in expression '" + text + "' at position " + (pos + 1) + ": "
                + what + ". Supported: arithmetic, comparisons, AND, OR, SUM, AVG, MIN, MAX, FILL, IF, ABS.");
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean eat(String token) {
        skipSpaces();
        if (text.startsWith(token, pos)) {
            boolean word = Character.isLetter(token.charAt(0));
            int end = pos + token.length();
            if (word && end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                return false;
            }
            pos = end;
            return true;
        }
        return false;
    }

    private Value orExpr() {
        Value left = andExpr();
        while (eat("OR") || eat("||")) {
            left = combine(left, andExpr(), (a, b) -> (a != 0 || b != 0) ? 1 : 0);
        }
        return left;
    }

    private Value andExpr() {
        Value left = comparison();
        while (eat("AND") || eat("&&")) {
            left = combine(left, comparison(), (a, b) -> (a != 0 && b != 0) ? 1 : 0);
        }
        return left;
    }

    private Value comparison() {
        Value left = additive();
        if (eat(">=")) {
            return combine(left, additive(), (a, b) -> a >= b ? 1 : 0);
        } else if (eat("<=")) {
            return combine(left, additive(), (a, b) -> a <= b ? 1 : 0);
        } else if (eat("==")) {
            return combine(left, additive(), (a, b) -> a == b ? 1 : 0);
        } else if (eat("!=")) {
            return combine(left, additive(), (a, b) -> a != b ? 1 : 0);
        } else if (eat(">")) {
            return combine(left, additive(), (a, b) -> a > b ? 1 : 0);
        } else if (eat("<")) {
            return combine(left, additive(), (a, b) -> a < b ? 1 : 0);
        }
        return left;
    }

    private Value additive() {
        Value left = multiplicative();
        while (true) {
            if (eat("+")) {
                left = combine(left, multiplicative(), Double::sum);
            } else if (eat("-")) {
                left = combine(left, multiplicative(), (a, b) -> a - b);
            } else {
                return left;
            }
        }
    }

    private Value multiplicative() {
        Value left = power();
        while (true) {
            if (eat("*")) {
                left = combine(left, power(), (a, b) -> a * b);
            } else if (eat("/")) {
                left = combine(left, power(), (a, b) -> b == 0 ? Double.NaN : a / b);
            } else {
                return left;
            }
        }
    }

    private Value power() {
        Value base = unary();
        if (eat("^")) {
            return combine(base, unary(), Math::pow);
        }
        return base;
    }

    private Value unary() {
        if (eat("-")) {
            return combine(new Scalar(0), unary(), (a, b) -> a - b);
        }
        return primary();
    }

    private Value primary() {
        skipSpaces();
        if (pos >= text.length()) {
            throw error("the expression ends early");
        }
        char c = text.charAt(pos);
        if (eat("(")) {
            Value v = orExpr();
            expect(")");
            return v;
        }
        if (eat("[")) {
            List<double[]> members = new ArrayList<>();
            do {
                members.add(asSeries(orExpr()));
            } while (eat(","));
            expect("]");
            return new SeriesArray(members);
        }
        if (Character.isDigit(c) || c == '.') {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
            }
            try {
                return new Scalar(Double.parseDouble(text.substring(start, pos)));
            } catch (NumberFormatException e) {
                throw error("'" + text.substring(start, pos) + "' is not a number");
            }
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (eat("(")) {
                return function(name.toUpperCase(Locale.ROOT));
            }
            Value v = ids.apply(name);
            if (v == null) {
                throw error("no query has the id '" + name + "'");
            }
            return v;
        }
        throw error("unexpected '" + c + "'");
    }

    private void expect(String token) {
        if (!eat(token)) {
            throw error("expected '" + token + "'");
        }
    }

    private Value function(String name) {
        List<Value> args = new ArrayList<>();
        if (!eat(")")) {
            do {
                if (name.equals("FILL") && args.size() == 1 && eat("REPEAT")) {
                    args.add(null);
                } else {
                    args.add(orExpr());
                }
            } while (eat(","));
            expect(")");
        }
        return switch (name) {
            case "SUM" -> reduce(name, args, Double::sum);
            case "MIN" -> reduce(name, args, Math::min);
            case "MAX" -> reduce(name, args, Math::max);
            case "AVG" -> average(args);
            case "ABS" -> combine(one(name, args), new Scalar(0), (a, b) -> Math.abs(a));
            case "FILL" -> fill(args);
            case "IF" -> conditional(args);
            default -> throw error("the function " + name + " is not supported");
        };
    }

    private Value one(String name, List<Value> args) {
        if (args.size() != 1) {
            throw error(name + " takes one argument, but got " + args.size());
        }
        return args.get(0);
    }

    private Value reduce(String name, List<Value> args, DoubleBinaryOperator op) {
        Value arg = one(name, args);
        if (arg instanceof SeriesArray array) {
            double[] out = new double[length];
            Arrays.fill(out, Double.NaN);
            for (double[] member : array.members()) {
                for (int i = 0; i < length; i++) {
                    if (!Double.isNaN(member[i])) {
                        out[i] = Double.isNaN(out[i]) ? member[i] : op.applyAsDouble(out[i], member[i]);
                    }
                }
            }
            return new Series(out);
        }
        if (arg instanceof Series series) {
            double acc = Double.NaN;
            for (double v : series.values()) {
                if (!Double.isNaN(v)) {
                    acc = Double.isNaN(acc) ? v : op.applyAsDouble(acc, v);
                }
            }
            return new Scalar(acc);
        }
        return arg;
    }

    private Value average(List<Value> args) {
        Value arg = one("AVG", args);
        if (arg instanceof SeriesArray array) {
            double[] sum = new double[length];
            int[] n = new int[length];
            for (double[] member : array.members()) {
                for (int i = 0; i < length; i++) {
                    if (!Double.isNaN(member[i])) {
                        sum[i] += member[i];
                        n[i]++;
                    }
                }
            }
            double[] out = new double[length];
            for (int i = 0; i < length; i++) {
                out[i] = n[i] == 0 ? Double.NaN : sum[i] / n[i];
            }
            return new Series(out);
        }
        if (arg instanceof Series series) {
            return new Scalar(Arrays.stream(series.values()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
        }
        return arg;
    }

    private Value fill(List<Value> args) {
        if (args.size() != 2) {
            throw error("FILL takes a series and a value or REPEAT, but got " + args.size() + " arguments");
        }
        double[] source = asSeries(args.get(0));
        double[] out = source.clone();
        if (args.get(1) == null) {
            double last = Double.NaN;
            for (int i = 0; i < length; i++) {
                if (Double.isNaN(out[i])) {
                    out[i] = last;
                } else {
                    last = out[i];
                }
            }
            // Leading gaps take the first real value, as FILL(m, REPEAT) does.
            double first = Arrays.stream(out).filter(v -> !Double.isNaN(v)).findFirst().orElse(Double.NaN);
            for (int i = 0; i < length && Double.isNaN(out[i]); i++) {
                out[i] = first;
            }
            return new Series(out);
        }
        double[] with = asSeries(args.get(1));
        for (int i = 0; i < length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = with[i];
            }
        }
        return new Series(out);
    }

    private Value conditional(List<Value> args) {
        if (args.size() < 2 || args.size() > 3) {
            throw error("IF takes a condition, a value and optionally an else value, but got " + args.size()
                    + " arguments");
        }
        double[] condition = asSeries(args.get(0));
        double[] then = asSeries(args.get(1));
        double[] otherwise = args.size() == 3 ? asSeries(args.get(2)) : null;
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            if (Double.isNaN(condition[i])) {
                out[i] = Double.NaN;
            } else if (condition[i] != 0) {
                out[i] = then[i];
            } else {
                out[i] = otherwise == null ? Double.NaN : otherwise[i];
            }
        }
        return new Series(out);
    }

    private double[] asSeries(Value v) {
        if (v instanceof Series s) {
            return s.values();
        }
        if (v instanceof Scalar scalar) {
            double[] out = new double[length];
            Arrays.fill(out, scalar.value());
            return out;
        }
        throw error("an array of series can only be passed to SUM, AVG, MIN or MAX");
    }

    private Value combine(Value left, Value right, DoubleBinaryOperator op) {
        if (left instanceof Scalar a && right instanceof Scalar b) {
            return new Scalar(op.applyAsDouble(a.value(), b.value()));
        }
        double[] a = asSeries(left);
        double[] b = asSeries(right);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = Double.isNaN(a[i]) || Double.isNaN(b[i]) ? Double.NaN : op.applyAsDouble(a[i], b[i]);
        }
        return new Series(out);
    }
}
