package io.busquake.emulator.internal.events;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a ScheduleExpression is one AWS accepts: {@code rate(N unit)} with a singular unit for 1 and a plural one
 * above, or a six-field {@code cron(...)} in which exactly one of day-of-month and day-of-week is {@code ?}.
 * busquake does not fire schedules; it validates them so PutRule answers as AWS does.
 */
final class ScheduleExpressions {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\(([^ ()]+(?: [^ ()]+){5})\\)");
    private static final List<String> MONTHS =
            List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private ScheduleExpressions() {
    }

    static boolean isValid(String expression) {
        Matcher rate = RATE.matcher(expression);
        if (rate.matches()) {
            long value;
            try {
                value = Long.parseLong(rate.group(1));
            } catch (NumberFormatException e) {
                return false;
            }
            boolean plural = rate.group(2).endsWith("s");
            return value > 0 && (value == 1) != plural;
        }
        Matcher cron = CRON.matcher(expression);
        if (!cron.matches()) {
            return false;
        }
        String[] f = cron.group(1).split(" ");
        if ("?".equals(f[2]) == "?".equals(f[4])) {
            return false;
        }
        return field(f[0], 0, 59, List.of(), false, false)
                && field(f[1], 0, 23, List.of(), false, false)
                && ("?".equals(f[2]) || field(f[2], 1, 31, List.of(), true, false))
                && field(f[3], 1, 12, MONTHS, false, false)
                && ("?".equals(f[4]) || field(f[4], 1, 7, DAYS, false, true))
                && field(f[5], 1970, 2199, List.of(), false, false);
    }

    private static boolean field(String text, int min, int max, List<String> names, boolean dayOfMonth,
                                 boolean dayOfWeek) {
        for (String item : text.split(",", -1)) {
            if (!item(item, min, max, names, dayOfMonth, dayOfWeek)) {
                return false;
            }
        }
        return true;
    }

    private static boolean item(String item, int min, int max, List<String> names, boolean dayOfMonth,
                                boolean dayOfWeek) {
        if (dayOfMonth && (item.equals("L") || item.equals("LW") || item.matches("\\d{1,2}W"))) {
            return item.length() < 2 || item.startsWith("L") || inRange(item.substring(0, item.length() - 1), min, max, names);
        }
        if (dayOfWeek && item.equals("L")) {
            return true;
        }
        if (dayOfWeek && item.endsWith("L")) {
            return inRange(item.substring(0, item.length() - 1), min, max, names);
        }
        if (dayOfWeek && item.contains("#")) {
            String[] parts = item.split("#", -1);
            return parts.length == 2 && inRange(parts[0], min, max, names) && parts[1].matches("[1-5]");
        }
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            if (!item.substring(slash + 1).matches("\\d{1,4}") || Integer.parseInt(item.substring(slash + 1)) == 0) {
                return false;
            }
        }
        if (base.equals("*")) {
            return true;
        }
        int dash = base.indexOf('-');
        if (dash > 0) {
            return inRange(base.substring(0, dash), min, max, names) && inRange(base.substring(dash + 1), min, max, names);
        }
        return inRange(base, min, max, names);
    }

    private static boolean inRange(String value, int min, int max, List<String> names) {
        if (names.contains(value)) {
            return true;
        }
        if (!value.matches("\\d{1,4}")) {
            return false;
        }
        int n = Integer.parseInt(value);
        return n >= min && n <= max;
    }
}
