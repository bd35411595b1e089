package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** JSON pointers into the scenario tree, and the dotted field paths users read. */
public final class Pointers {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private Pointers() {
    }

    public static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    public static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        if (pointer.isEmpty()) {
            return segments;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    public static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    /** {@code /load/phases/0/rate} as {@code load.phases[0].rate}, using the tree to tell lists from maps. */
    public static String field(JsonNode root, String pointer) {
        StringBuilder field = new StringBuilder();
        JsonNode node = root;
        for (String segment : segments(pointer)) {
            if (node != null && node.isArray()) {
                field.append('[').append(segment).append(']');
                node = node.path(Integer.parseInt(segment));
            } else {
                if (PLAIN_KEY.matcher(segment).matches()) {
                    field.append(field.length() == 0 ? "" : ".").append(segment);
                } else {
                    field.append("[\"").append(segment).append("\"]");
                }
                node = node == null ? null : node.get(segment);
            }
        }
        return field.length() == 0 ? "(the file)" : field.toString();
    }
}
