package io.busquake.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario that cannot run, with every problem found, ordered by line. */
public final class ScenarioException extends RuntimeException {
    private final transient List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        }
        this.problems = problems.stream().sorted().toList();
    }

    /** The problems, overrides first, then in file order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return "The scenario cannot run (" + count + "):\n"
                + problems.stream().sorted().map(Problem::render).collect(Collectors.joining("\n"));
    }
}
