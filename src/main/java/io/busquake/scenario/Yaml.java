package io.busquake.scenario;

import java.util.Arrays;
import java.util.function.Function;

/** Maps enums to the names a scenario file uses for them. */
final class Yaml {
    private Yaml() {
    }

    static <E extends Enum<E>> E find(E[] values, Function<E, String> name, String yamlName) {
        return Arrays.stream(values).filter(value -> name.apply(value).equals(yamlName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown value \"" + yamlName + "\"; allowed: "
                        + String.join(", ", Arrays.stream(values).map(name).toList())));
    }
}
