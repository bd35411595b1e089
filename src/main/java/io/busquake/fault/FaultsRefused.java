package io.busquake.fault;

import java.util.List;

/** A scenario's faults that the target cannot take, found before anything is started or changed. */
public final class FaultsRefused extends RuntimeException {
    private final transient List<String> reasons;

    FaultsRefused(List<String> reasons) {
        super("The faults cannot run (" + reasons.size() + (reasons.size() == 1 ? " problem" : " problems") + "):\n"
                + String.join("\n", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** One line per refused fault: which one, why, and the fix. */
    public List<String> reasons() {
        return reasons;
    }
}
