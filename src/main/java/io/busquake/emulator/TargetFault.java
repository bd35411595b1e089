package io.busquake.emulator;

/**
 * A fault on one target (or dead-letter queue) of the embedded endpoint, for what has no resource-state form:
 * a fraction of deliveries fail with an error code, take longer, or time out.
 *
 * <pre>{@code
 * emulator.faults().target(queueArn, TargetFault.failing("THROTTLING", true, 0.5));
 * }</pre>
 *
 * @param errorCode    the DLQ ERROR_CODE a failed delivery carries (e.g. THROTTLING, ERROR_FROM_TARGET); null when
 *                     the fault only slows deliveries down
 * @param retriable    whether EventBridge retries the failure (per its retry policy) or dead-letters it at once
 * @param fraction     the share of deliveries affected, 0 to 1
 * @param latencyMillis added to every affected delivery attempt
 * @param timeout      whether affected attempts time out (ERROR_CODE TIMEOUT, retriable) after {@code latencyMillis}
 */
public record TargetFault(String errorCode, boolean retriable, double fraction, long latencyMillis, boolean timeout) {
    public TargetFault {
        if (fraction < 0 || fraction > 1 || Double.isNaN(fraction)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, but was " + fraction);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must be 0 or more, but was " + latencyMillis);
        }
        if (errorCode == null && latencyMillis == 0 && !timeout) {
            throw new IllegalArgumentException("a target fault needs an errorCode, a latency or a timeout");
        }
        if (timeout) {
            errorCode = "TIMEOUT";
            retriable = true;
        }
    }

    public static TargetFault failing(String errorCode, boolean retriable, double fraction) {
        return new TargetFault(errorCode, retriable, fraction, 0, false);
    }

    public static TargetFault slow(long latencyMillis, double fraction) {
        return new TargetFault(null, true, fraction, latencyMillis, false);
    }

    public static TargetFault timingOut(long afterMillis, double fraction) {
        return new TargetFault("TIMEOUT", true, fraction, afterMillis, true);
    }

    /** Whether an affected attempt fails (as opposed to only being slowed down). */
    public boolean fails() {
        return errorCode != null;
    }
}
