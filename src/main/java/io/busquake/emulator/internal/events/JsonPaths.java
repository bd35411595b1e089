package io.busquake.emulator.internal.events;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: {@code $}, dots and array indexes. */
final class JsonPaths {
    private JsonPaths() {
    }

    /** The node at {@code path}, or null where the event has nothing there. */
    static JsonNode select(JsonNode root, String path) {
        if (path == null || !path.startsWith("$")) {
            return null;
        }
        JsonNode node = root;
        int i = 1;
        while (i < path.length() && node != null) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                node = node.get(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    return null;
                }
                String inside = path.substring(i + 1, end).trim();
                if (inside.startsWith("'") || inside.startsWith("\"")) {
                    node = node.get(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        node = node.get(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                i = end + 1;
            } else {
                return null;
            }
        }
        return node == null || node.isMissingNode() ? null : node;
    }
}
