package io.busquake.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.busquake.emulator.Emulator;
import io.busquake.emulator.EmulatorFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The shared AWS-recorded conformance corpus (../shared/conformance/aws-recordings), read in place, plus the one
 * list of deliberate deviations (src/test/resources/conformance-deviations.json) and the pass/deviation tally.
 */
final class Corpus {
    static final String ACCOUNT = "111111111111";
    private static final Pattern ISO_SECONDS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Map<String, Map<String, String>> DEVIATIONS = loadDeviations();
    private static final Map<String, int[]> TALLY = new TreeMap<>();

    private Corpus() {
    }

    static Path recordings() {
        String shared = System.getProperty("busquake.shared");
        return shared == null ? null : Path.of(shared, "conformance", "aws-recordings");
    }

    /** The cases of one corpus file as named arguments; one aborting argument where the corpus is absent. */
    static Stream<Arguments> cases(String file) {
        Path dir = recordings();
        if (dir == null || !Files.isRegularFile(dir.resolve(file))) {
            return Stream.of(Arguments.of(Named.of("corpus absent", (JsonNode) null)));
        }
        try {
            JsonNode root = SdkJson.MAPPER.readTree(dir.resolve(file).toFile());
            List<Arguments> out = new ArrayList<>();
            root.get("cases").forEach(c -> out.add(Arguments.of(Named.of(c.get("name").asText(), c))));
            return out.stream();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read corpus file " + dir.resolve(file), e);
        }
    }

    /** One top-level array of a corpus file other than "cases" (e.g. input_transformer.json's baseline_delivery). */
    static Stream<Arguments> section(String file, String section) {
        Path dir = recordings();
        if (dir == null || !Files.isRegularFile(dir.resolve(file))) {
            return Stream.of(Arguments.of(Named.of("corpus absent", (JsonNode) null)));
        }
        try {
            JsonNode root = SdkJson.MAPPER.readTree(dir.resolve(file).toFile());
            List<Arguments> out = new ArrayList<>();
            root.get(section).forEach(c -> {
                ((ObjectNode) c).put("name", "baseline: " + c.get("name").asText());
                out.add(Arguments.of(Named.of(c.get("name").asText(), c)));
            });
            return out.stream();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read corpus file " + dir.resolve(file), e);
        }
    }

    /**
     * Skips the case, saying why, where the corpus is absent or the case is a listed deviation; otherwise answers
     * the case's name for the tally.
     */
    static String begin(String file, JsonNode testCase) {
        Assumptions.assumeTrue(testCase != null, "conformance corpus not found: system property busquake.shared ("
                + System.getProperty("busquake.shared") + ") has no conformance/aws-recordings/" + file
                + "; run from a checkout beside ../shared");
        String name = testCase.get("name").asText();
        String reason = DEVIATIONS.getOrDefault(file, Map.of()).get(name);
        if (reason != null) {
            count(file, 1);
            Assumptions.abort("known deviation (docs/known-deviations.md): " + reason);
        }
        count(file, 2);
        return name;
    }

    /** Marks the case begun with {@link #begin} as passed; call as the test's last statement. */
    static void passed(String file) {
        count(file, 0);
    }

    private static synchronized void count(String file, int slot) {
        TALLY.computeIfAbsent(file, f -> new int[3])[slot]++;
    }

    /** Prints "file: passed P, deviations D, failed F of N" for every file run. */
    /** The emulator a corpus test class runs its cases against, in the recording account. */
    static EmulatorFixture emulator() {
        return new EmulatorFixture(Emulator.builder().account(ACCOUNT));
    }

    /** Prints the file's tally and closes the class's emulator (null when it never started). */
    static void finish(String file, EmulatorFixture fx) {
        printTally(file);
        if (fx != null) {
            fx.close();
        }
    }

    static synchronized void printTally(String file) {
        int[] t = TALLY.getOrDefault(file, new int[3]);
        int run = t[2];
        System.out.printf("CONFORMANCE %s: %d passed, %d known deviations, %d failed, of %d cases (%.1f%% pass)%n",
                file, t[0], t[1], run - t[0], run + t[1], run + t[1] == 0 ? 0.0 : 100.0 * t[0] / (run + t[1]));
    }

    private static Map<String, Map<String, String>> loadDeviations() {
        try (InputStream in = Corpus.class.getResourceAsStream("/conformance-deviations.json")) {
            if (in == null) {
                throw new IllegalStateException("src/test/resources/conformance-deviations.json is missing");
            }
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            JsonNode root = SdkJson.MAPPER.readTree(in);
            root.fields().forEachRemaining(file -> {
                Map<String, String> byName = new LinkedHashMap<>();
                file.getValue().forEach(d -> byName.put(d.get("case").asText(), d.get("reason").asText()));
                out.put(file.getKey(), byName);
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces each {@code <placeholder>} the harness created with its real value, in a JSON tree's text. */
    static JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node == null) {
            return null;
        }
        String text = node.toString();
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        try {
            return SdkJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String substitute(String text, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    /**
     * Asserts that {@code actual} is what AWS recorded: objects with the same keys, arrays of the same length, and
     * equal values, where the recording's generated values ({@code date}, {@code <uuid:N>}, ...) match any value of
     * their form. A recorded object against an actual JSON-object string compares the parsed string, as the
     * recording tool parsed such strings.
     */
    static void assertMatches(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject() && actual != null && actual.isTextual() && actual.asText().startsWith("{")) {
            actual = parse(actual.asText());
        }
        if (actual == null) {
            fail(path + ": expected " + expected + " but nothing was there");
        }
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path + " is an object: " + actual).isTrue();
            List<String> expectedKeys = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedKeys::add);
            List<String> actualKeys = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualKeys::add);
            assertThat(actualKeys).as(path + " keys").containsExactlyInAnyOrderElementsOf(expectedKeys);
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                assertMatches(e.getValue(), actual.get(e.getKey()), path + "." + e.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(path + " is an array: " + actual).isTrue();
            assertThat(actual.size()).as(path + " length, actual " + actual).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertMatches(expected.get(i), actual.get(i), path + "[" + i + "]");
            }
        } else if (expected.isTextual()) {
            assertThat(actual.isTextual()).as(path + " is a string: " + actual).isTrue();
            assertTextMatches(expected.asText(), actual.asText(), path);
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }

    /** Compares a recorded string with generated values in it (date, uuids, ...) against the actual text. */
    static void assertTextMatches(String expected, String actual, String path) {
        assertThat(actual).as(path).matches(toRegex(expected));
    }

    static Pattern toRegex(String expected) {
        StringBuilder regex = new StringBuilder();
        Matcher m = Pattern.compile("\\bdate\\b|<time>|<ingestion-time>|<uuid(?::\\d+)?>|<event-id(?::\\d+)?>|"
                + "\\bevent-id\\b").matcher(expected);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(at, m.start())));
            String token = m.group();
            regex.append(token.startsWith("<uuid") || token.contains("event-id") ? "[0-9a-f-]{36}"
                    : ISO_SECONDS.pattern());
            at = m.end();
        }
        regex.append(Pattern.quote(expected.substring(at)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static JsonNode parse(String text) {
        try {
            return SdkJson.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static ObjectNode object() {
        return SdkJson.MAPPER.createObjectNode();
    }
}
