package io.busquake.scenario.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fault names: the file's, else the type, suffixed -2, -3... when the type repeats. */
final class FaultNames {
    private FaultNames() {
    }

    static List<String> of(JsonNode faults) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode fault : faults) {
            if (fault.path("name").isTextual()) {
                names.add(fault.get("name").asText());
                continue;
            }
            String type = fault.path("type").asText("fault");
            int count = seen.merge(type, 1, Integer::sum);
            names.add(count == 1 ? type : type + "-" + count);
        }
        return names;
    }
}
