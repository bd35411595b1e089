package io.busquake.load.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detail template compiled once into literal text and generators, so rendering an event is a string append per
 * part. Placeholders, inside string values: {@code ${seq}}, {@code ${uuid}}, {@code ${now}},
 * {@code ${randomInt(a,b)}} (a..b inclusive) and {@code ${choice(x,y,...)}}.
 */
public final class DetailTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)(?:\\(([^)]*)\\))?}");

    /** One piece of the rendered text. */
    private interface Part {
        void append(StringBuilder out, long seq, Instant now);
    }

    private final List<Part> parts;
    private final boolean empty;

    private DetailTemplate(List<Part> parts, boolean empty) {
        this.parts = parts;
        this.empty = empty;
    }

    /** Compiles the template object's JSON text; an unknown placeholder is an error naming it. */
    public static DetailTemplate compile(String templateJson) {
        String json = templateJson.strip();
        if (!json.startsWith("{") || !json.endsWith("}")) {
            throw new IllegalArgumentException("load.detail.template must be a JSON object, but was " + json);
        }
        String inner = json.substring(1, json.length() - 1).strip();
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(inner);
        int last = 0;
        while (m.find()) {
            String literal = inner.substring(last, m.start());
            parts.add((out, seq, now) -> out.append(literal));
            parts.add(generator(m.group(1), m.group(2)));
            last = m.end();
        }
        String tail = inner.substring(last);
        parts.add((out, seq, now) -> out.append(tail));
        return new DetailTemplate(List.copyOf(parts), inner.isEmpty());
    }

    private static Part generator(String name, String args) {
        return switch (name) {
            case "seq" -> (out, seq, now) -> out.append(seq);
            case "uuid" -> (out, seq, now) -> out.append(UUID.randomUUID());
            case "now" -> (out, seq, now) -> out.append(now);
            case "randomInt" -> {
                String[] bounds = args == null ? new String[0] : args.split(",");
                if (bounds.length != 2) {
                    throw new IllegalArgumentException("${randomInt(a,b)} takes two integers, but was ${randomInt("
                            + args + ")}");
                }
                long low = Long.parseLong(bounds[0].strip());
                long high = Long.parseLong(bounds[1].strip());
                yield (out, seq, now) -> out.append(ThreadLocalRandom.current().nextLong(low, high + 1));
            }
            case "choice" -> {
                String[] choices = args == null ? new String[0] : args.split(",");
                for (int i = 0; i < choices.length; i++) {
                    choices[i] = choices[i].strip();
                }
                if (choices.length == 0) {
                    throw new IllegalArgumentException("${choice(...)} needs at least one value");
                }
                yield (out, seq, now) -> out.append(choices[ThreadLocalRandom.current().nextInt(choices.length)]);
            }
            default -> throw new IllegalArgumentException("unknown placeholder ${" + name + "}; allowed: ${seq}, "
                    + "${uuid}, ${now}, ${randomInt(a,b)}, ${choice(a,b,...)}");
        };
    }

    /**
     * Renders the detail object: the {@code busquake} object first, then the template's fields, then a
     * {@code padding} string that brings the detail to about {@code sizeBytes} (UTF-8) when it is shorter.
     */
    public String render(String busquakeObjectJson, long seq, Instant now, int sizeBytes) {
        StringBuilder out = new StringBuilder(Math.max(128, sizeBytes + 16));
        out.append("{\"busquake\":").append(busquakeObjectJson);
        if (!empty) {
            out.append(',');
            for (Part part : parts) {
                part.append(out, seq, now);
            }
        }
        // ,"padding":"" is 13 bytes; the rest is filled with x.
        int length = utf8Length(out) + 1;
        int missing = sizeBytes - length - 13;
        if (missing > 0) {
            out.append(",\"padding\":\"").append("x".repeat(missing)).append('"');
        }
        return out.append('}').toString();
    }

    private static int utf8Length(CharSequence text) {
        int ascii = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return text.toString().getBytes(StandardCharsets.UTF_8).length;
            }
            ascii++;
        }
        return ascii;
    }
}
