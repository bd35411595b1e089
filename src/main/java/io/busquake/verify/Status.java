package io.busquake.verify;

/** How one expectation came out. Only {@link #PASSED} and {@link #NOT_VERIFIABLE_ALLOWED} leave a verdict passed. */
public enum Status {
    PASSED("passed"),
    FAILED("failed"),
    /** The target could not show it, and the scenario does not allow that: fails the verdict. */
    NOT_VERIFIABLE("not-verifiable"),
    /** The target could not show it, and the scenario allows that: not a failure, and never a pass. */
    NOT_VERIFIABLE_ALLOWED("not-verifiable-allowed");

    private final String jsonName;

    Status(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether this outcome fails the verdict. */
    public boolean failsVerdict() {
        return this == FAILED || this == NOT_VERIFIABLE;
    }
}
