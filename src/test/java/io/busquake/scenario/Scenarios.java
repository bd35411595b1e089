package io.busquake.scenario;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Loads scenario text in memory, as if it were scenarios/x.yaml, and returns what went wrong. */
final class Scenarios {
    static final String FILE = "scenarios/x.yaml";

    /** A valid minimal scenario; tests append or replace blocks. */
    static final String MINIMAL = """
            topology:
              buses:
                orders:
              rules:
                orders-to-queue:
                  bus: orders
                  pattern:
                    source: [com.example.orders]
                  targets:
                    - queue: orders
                      deadLetterQueue: orders-dlq
              queues:
                orders:
                orders-dlq:
            load:
              bus: orders
              phases:
                - type: constant
                  rate: 100
                  duration: 30s
            consumers:
              orders:
                queue: orders
            """;

    private Scenarios() {
    }

    static Scenario load(String yaml) {
        return load(yaml, "");
    }

    static Scenario load(String yaml, String overrides) {
        return ScenarioLoader.parse(FILE, yaml, overrides, "x");
    }

    static List<String> problems(String yaml) {
        return problems(yaml, "");
    }

    static List<String> problems(String yaml, String overrides) {
        ScenarioException failure = catchThrowableOfType(ScenarioException.class, () -> load(yaml, overrides));
        if (failure == null) {
            throw new AssertionError("expected the scenario to be refused, but it loaded");
        }
        return failure.problems().stream().map(Problem::render).toList();
    }
}
