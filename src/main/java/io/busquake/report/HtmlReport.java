package io.busquake.report;

import io.busquake.verify.AlarmChange;
import io.busquake.verify.ExpectationResult;
import io.busquake.verify.FaultWindow;
import io.busquake.verify.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the verdict and
 * its evidence, and charts on one time axis (seconds from the load's start) with the fault windows shaded: offered vs
 * accepted vs throttled entries per second, deliveries and DLQ depth per second, alarm states as bands, and
 * end-to-end latency percentiles per target.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    private static final String[] COLORS = {"#1a73e8", "#188038", "#d93025", "#f9ab00", "#9334e6", "#12b5cb",
        "#e8710a", "#5f6368"};
    private static final int WIDTH = 960;
    private static final int LEFT = 70;
    private static final int RIGHT = 180;

    /**
     * What the page shows.
     *
     * @param ingest     series names for the offered/accepted/throttled chart
     * @param delivery   series names for the deliveries/DLQ depth chart
     * @param latency    series names for the latency chart (milliseconds)
     * @param latencyByTarget whole-run end-to-end latency per target, microseconds
     */
    public record Charts(List<String> ingest, List<String> delivery, List<String> latency,
                         Map<String, Histogram> latencyByTarget) {
        public Charts {
            ingest = List.copyOf(ingest);
            delivery = List.copyOf(delivery);
            latency = List.copyOf(latency);
            latencyByTarget = Map.copyOf(latencyByTarget);
        }
    }

    private HtmlReport() {
    }

    public static void write(Path directory, Verdict verdict, RunSeries series, Charts charts) {
        VerdictFiles.writeText(directory.resolve(FILE), html(verdict, series, charts));
    }

    public static String html(Verdict verdict, RunSeries series, Charts charts) {
        Instant origin = verdict.loadStartedAt();
        long lastSecond = Math.max(10, Math.max(series.lastSecond() + 1,
                Duration.between(origin, verdict.verifiedAt()).toSeconds()));
        // One tick past the last second, so an alarm change at the very end still shows as a band.
        long xMax = (lastSecond / niceStep(lastSecond) + 1) * niceStep(lastSecond);
        StringBuilder page = new StringBuilder(64 * 1024);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>busquake ").append(esc(verdict.scenario())).append(" — ")
                .append(verdict.passed() ? "passed" : "FAILED").append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#202124;background:#fff}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}")
                .append(".pass{color:#188038}.fail{color:#d93025}.nv{color:#b06000}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #dadce0;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap;font-size:12px}")
                .append("svg{display:block;margin:6px 0 12px}svg text{font-size:11px;fill:#3c4043}")
                .append("</style></head><body>\n");
        page.append("<h1>busquake run <code>").append(esc(verdict.runId())).append("</code>: <span class=\"")
                .append(verdict.passed() ? "pass\">PASSED" : "fail\">FAILED").append("</span></h1>\n")
                .append("<p>Scenario <b>").append(esc(verdict.scenario())).append("</b>; load ")
                .append(verdict.loadStartedAt()).append(" to ").append(verdict.loadEndedAt()).append(" (")
                .append(Duration.between(verdict.loadStartedAt(), verdict.loadEndedAt()).toSeconds())
                .append(" s); verified ").append(verdict.verifiedAt()).append(". Times below are seconds from the ")
                .append("load's start; shaded bands are fault windows.</p>\n");
        expectations(page, verdict);

        List<long[]> faults = new ArrayList<>();
        List<String> faultNames = new ArrayList<>();
        for (FaultWindow w : verdict.faultWindows()) {
            faults.add(new long[] {seconds(origin, w.start()), seconds(origin, w.end())});
            faultNames.add(w.name() + " (" + w.type() + ")");
        }
        page.append("<h2>PutEvents: offered vs accepted vs throttled entries per second</h2>\n");
        lineChart(page, "ingest", series, charts.ingest(), xMax, faults, faultNames, "entries/s");
        page.append("<h2>Deliveries and DLQ depth per second</h2>\n");
        lineChart(page, "delivery", series, charts.delivery(), xMax, faults, faultNames, "per second / messages");
        page.append("<h2>Alarm states</h2>\n");
        alarmBands(page, verdict, xMax, faults);
        page.append("<h2>End-to-end latency per target (ms, per second)</h2>\n");
        lineChart(page, "latency", series, charts.latency(), xMax, faults, faultNames, "ms");
        latencyTable(page, charts.latencyByTarget());
        if (!verdict.unexpectedAlarmChanges().isEmpty()) {
            page.append("<h2>Alarm changes no expectation explains</h2>\n<ul>");
            for (AlarmChange c : verdict.unexpectedAlarmChanges()) {
                page.append("<li>").append(offset(origin, c.at())).append(' ').append(esc(c.alarm())).append(": ")
                        .append(esc(c.from())).append(" → ").append(esc(c.to())).append("</li>");
            }
            page.append("</ul>\n");
        }
        return page.append("</body></html>\n").toString();
    }

    private static void expectations(StringBuilder page, Verdict verdict) {
        page.append("<h2>Expectations</h2>\n<table><tr><th>expectation</th><th>status</th><th>finding</th>")
                .append("<th>evidence</th></tr>\n");
        for (ExpectationResult e : verdict.expectations()) {
            String css = switch (e.status()) {
                case PASSED -> "pass";
                case FAILED -> "fail";
                case NOT_VERIFIABLE, NOT_VERIFIABLE_ALLOWED -> "nv";
            };
            page.append("<tr><td>").append(esc(e.id())).append("</td><td class=\"").append(css).append("\"><b>")
                    .append(e.status().jsonName()).append("</b></td><td>").append(esc(e.summary()))
                    .append("</td><td><pre>");
            e.evidence().forEach((k, v) -> page.append(esc(k)).append(": ").append(esc(String.valueOf(v)))
                    .append('\n'));
            page.append("</pre></td></tr>\n");
        }
        page.append("</table>\n");
    }

    private static void lineChart(StringBuilder page, String id, RunSeries series, List<String> names, long xMax,
                                  List<long[]> faults, List<String> faultNames, String unit) {
        int height = 220;
        int top = 14;
        int bottom = 30;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = height - top - bottom;
        double yMax = 1;
        for (String name : names) {
            for (double v : series.get(name).values()) {
                yMax = Math.max(yMax, v);
            }
        }
        yMax = niceCeiling(yMax);
        page.append("<svg id=\"").append(id).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">");
        frame(page, xMax, faults, faultNames, top, plotH, true);
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = top + plotH - plotH * i / 4.0;
            page.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#e8eaed\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, y,
                    LEFT + plotW, y, LEFT - 6, y + 4, number(v)));
        }
        page.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">%s</text>", top + plotH / 2, top + plotH / 2, esc(unit)));
        for (int i = 0; i < names.size(); i++) {
            String color = COLORS[i % COLORS.length];
            NavigableMap<Long, Double> values = series.get(names.get(i));
            StringBuilder points = new StringBuilder();
            for (long s = 0; s <= xMax; s++) {
                Double v = values.get(s);
                if (v == null && !names.get(i).contains("latency")) {
                    v = 0.0;
                }
                if (v == null) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(s, xMax), top + plotH - plotH * v / yMax));
            }
            page.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(color)
                    .append("\" points=\"").append(points).append("\"/>");
            page.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", WIDTH - RIGHT + 10, top + 10 + i * 16, color,
                    WIDTH - RIGHT + 26, top + 14 + i * 16, esc(names.get(i))));
        }
        if (names.isEmpty()) {
            page.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no data</text>", LEFT + 10, top + 20));
        }
        page.append("</svg>\n");
    }

    private static void alarmBands(StringBuilder page, Verdict verdict, long xMax, List<long[]> faults) {
        Set<String> alarms = new LinkedHashSet<>(verdict.alarms());
        verdict.alarmChanges().forEach(c -> alarms.add(c.alarm()));
        if (alarms.isEmpty()) {
            page.append("<p>No alarms in this scenario.</p>\n");
            return;
        }
        int rowH = 18;
        int top = 6;
        int height = top + alarms.size() * (rowH + 4) + 30;
        Instant origin = verdict.loadStartedAt();
        page.append("<svg id=\"alarms\" width=\"").append(WIDTH + 220).append("\" height=\"").append(height)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">");
        frame(page, xMax, faults, List.of(), top, height - top - 30, false);
        int row = 0;
        Map<String, String> colors = new LinkedHashMap<>();
        colors.put("OK", "#34a853");
        colors.put("ALARM", "#ea4335");
        colors.put("INSUFFICIENT_DATA", "#bdc1c6");
        for (String alarm : alarms) {
            int y = top + row * (rowH + 4);
            List<AlarmChange> changes = verdict.alarmChanges().stream().filter(c -> c.alarm().equals(alarm))
                    .toList();
            String state = changes.isEmpty() ? "INSUFFICIENT_DATA" : changes.get(0).from();
            double from = 0;
            for (AlarmChange c : changes) {
                double at = Math.max(0, Duration.between(origin, c.at()).toMillis() / 1000.0);
                band(page, from, at, xMax, y, rowH, colors.getOrDefault(state, "#bdc1c6"), state);
                state = c.to();
                from = at;
            }
            band(page, from, xMax, xMax, y, rowH, colors.getOrDefault(state, "#bdc1c6"), state);
            page.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", WIDTH - RIGHT + 8,
                    y + 13, esc(shortName(alarm))));
            row++;
        }
        // The bands are opaque, so the fault windows shaded under them would not show: outline them on top.
        for (long[] w : faults) {
            page.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#fbbc04\" fill-opacity=\"0.35\" stroke=\"#b06000\" stroke-dasharray=\"4 3\"/>",
                    x(w[0], xMax), top - 3, Math.max(1, x(w[1], xMax) - x(w[0], xMax)), alarms.size() * (rowH + 4) + 2));
        }
        int lx = LEFT;
        for (Map.Entry<String, String> c : colors.entrySet()) {
            page.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", lx + 300, height - 12, c.getValue(), lx + 314,
                    height - 3, c.getKey()));
            lx += 130;
        }
        page.append("</svg>\n");
    }

    private static void band(StringBuilder page, double from, double to, long xMax, int y, int h, String color,
                             String state) {
        if (to <= from) {
            return;
        }
        page.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                + "fill=\"%s\"><title>%s</title></rect>", x(from, xMax), y, x(to, xMax) - x(from, xMax), h, color,
                state));
    }

    /** X axis with ticks, and the fault windows shaded under everything drawn after. */
    private static void frame(StringBuilder page, long xMax, List<long[]> faults, List<String> faultNames, int top,
                              int plotH, boolean labels) {
        for (int i = 0; i < faults.size(); i++) {
            long[] w = faults.get(i);
            page.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#fbbc04\" fill-opacity=\"0.18\"/>", x(w[0], xMax), top,
                    Math.max(1, x(w[1], xMax) - x(w[0], xMax)), plotH));
            if (labels && i < faultNames.size()) {
                page.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#b06000\">%s</text>",
                        x(w[0], xMax) + 3, top + 10 + 12 * i, esc(faultNames.get(i))));
            }
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int y = top + plotH;
        page.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#5f6368\"/>",
                LEFT, y, LEFT + plotW, y));
        long step = niceStep(xMax);
        for (long s = 0; s <= xMax; s += step) {
            page.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#5f6368\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>", x(s, xMax), y,
                    x(s, xMax), y + 4, x(s, xMax), y + 16, s));
        }
    }

    private static void latencyTable(StringBuilder page, Map<String, Histogram> byTarget) {
        if (byTarget.isEmpty()) {
            return;
        }
        page.append("<table><tr><th>target</th><th>samples</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th>")
                .append("<th>max ms</th></tr>\n");
        byTarget.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Histogram h = e.getValue();
            page.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(h.getTotalCount())
                    .append("</td><td>").append(ms(h.getValueAtPercentile(50))).append("</td><td>")
                    .append(ms(h.getValueAtPercentile(90))).append("</td><td>")
                    .append(ms(h.getValueAtPercentile(99))).append("</td><td>").append(ms(h.getMaxValue()))
                    .append("</td></tr>\n");
        });
        page.append("</table>\n");
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private static double x(double second, long xMax) {
        return LEFT + (WIDTH - LEFT - RIGHT) * second / (double) xMax;
    }

    private static long seconds(Instant origin, Instant at) {
        return Math.max(0, Duration.between(origin, at).toSeconds());
    }

    private static String offset(Instant origin, Instant at) {
        return String.format(Locale.ROOT, "+%.1fs", Duration.between(origin, at).toMillis() / 1000.0);
    }

    private static long niceStep(long xMax) {
        for (long step : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600}) {
            if (xMax / step <= 12) {
                return step;
            }
        }
        return 7200;
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (v <= m * magnitude) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shortName(String alarm) {
        return alarm.length() > 60 ? alarm.substring(0, 57) + "…" : alarm;
    }

    private static String esc(String s) {
        return VerdictFiles.attr(s);
    }
}
