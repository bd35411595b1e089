package io.busquake.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.busquake.verify.AlarmChange;
import io.busquake.verify.ExpectationResult;
import io.busquake.verify.FaultWindow;
import io.busquake.verify.Status;
import io.busquake.verify.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code verdict.json} (the verdict with every expectation's evidence) and {@code junit.xml} (one test case per
 * expectation, so CI systems list them); also the console lines for a failed verdict.
 */
public final class VerdictFiles {
    public static final String VERDICT_FILE = "verdict.json";
    public static final String JUNIT_FILE = "junit.xml";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictFiles() {
    }

    /** Writes both files into {@code directory}. */
    public static void write(Path directory, Verdict verdict) {
        writeText(directory.resolve(VERDICT_FILE), json(verdict));
        writeText(directory.resolve(JUNIT_FILE), junit(verdict));
    }

    public static String json(Verdict verdict) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("runId", verdict.runId());
        root.put("scenario", verdict.scenario());
        root.put("verdict", verdict.passed() ? "passed" : "failed");
        root.put("loadStartedAt", verdict.loadStartedAt().toString());
        root.put("loadEndedAt", verdict.loadEndedAt().toString());
        root.put("verifiedAt", verdict.verifiedAt().toString());
        root.put("expectations", verdict.expectations().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("kind", e.kind());
            m.put("status", e.status().jsonName());
            m.put("summary", e.summary());
            m.put("evidence", e.evidence());
            return m;
        }).toList());
        root.put("faultWindows", verdict.faultWindows().stream().map(VerdictFiles::window).toList());
        root.put("alarms", verdict.alarms());
        root.put("alarmChanges", changes(verdict.alarmChanges()));
        root.put("unexpectedAlarmChanges", changes(verdict.unexpectedAlarmChanges()));
        root.put("figures", verdict.figures());
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the verdict of " + verdict.runId() + " cannot be written as JSON", e);
        }
    }

    public static String junit(Verdict verdict) {
        List<ExpectationResult> all = verdict.expectations();
        long failures = all.stream().filter(e -> e.status().failsVerdict()).count();
        long skipped = all.stream().filter(e -> e.status() == Status.NOT_VERIFIABLE_ALLOWED).count();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<testsuite name=\"busquake.").append(attr(verdict.scenario())).append("\" tests=\"")
                .append(all.size()).append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"")
                .append(skipped).append("\" timestamp=\"").append(verdict.verifiedAt()).append("\">\n")
                .append("  <properties>\n    <property name=\"runId\" value=\"").append(attr(verdict.runId()))
                .append("\"/>\n  </properties>\n");
        for (ExpectationResult e : all) {
            xml.append("  <testcase classname=\"busquake.").append(attr(verdict.scenario())).append('.')
                    .append(attr(e.kind())).append("\" name=\"").append(attr(e.id())).append("\" time=\"0\">\n");
            String evidence = evidenceJson(e);
            switch (e.status()) {
                case FAILED, NOT_VERIFIABLE -> xml.append("    <failure type=\"").append(e.status().jsonName())
                        .append("\" message=\"").append(attr(e.summary())).append("\">").append(text(evidence))
                        .append("</failure>\n");
                case NOT_VERIFIABLE_ALLOWED -> xml.append("    <skipped message=\"").append(attr(e.summary()))
                        .append("\"/>\n");
                case PASSED -> {
                    // A pass carries its evidence in system-out only.
                }
            }
            xml.append("    <system-out>").append(text(e.summary() + "\n" + evidence)).append("</system-out>\n")
                    .append("  </testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    /** The failed expectations with their evidence, for the console. */
    public static String failureLines(Verdict verdict) {
        StringBuilder text = new StringBuilder("busquake verdict FAILED for run " + verdict.runId() + ":\n");
        for (ExpectationResult e : verdict.failures()) {
            text.append("  ").append(e.status().jsonName().toUpperCase()).append(' ').append(e.id()).append(": ")
                    .append(e.summary()).append('\n');
            e.evidence().forEach((name, value) -> text.append("      ").append(name).append(": ").append(value)
                    .append('\n'));
        }
        return text.toString();
    }

    private static String evidenceJson(ExpectationResult e) {
        try {
            return JSON.writeValueAsString(e.evidence());
        } catch (JsonProcessingException ex) {
            return String.valueOf(e.evidence());
        }
    }

    private static Map<String, Object> window(FaultWindow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("type", w.type());
        m.put("start", w.start().toString());
        m.put("end", w.end().toString());
        return m;
    }

    private static List<Map<String, Object>> changes(List<AlarmChange> changes) {
        return changes.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alarm", c.alarm());
            m.put("at", c.at().toString());
            m.put("from", c.from());
            m.put("to", c.to());
            m.put("summary", c.summary());
            return m;
        }).toList();
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
