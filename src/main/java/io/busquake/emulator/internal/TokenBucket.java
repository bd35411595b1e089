package io.busquake.emulator.internal;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket on the emulator's clock: {@code ratePerSecond} tokens a second, holding at most one second's worth.
 * In virtual time it refills only when the clock is advanced.
 */
public final class TokenBucket {
    private final Clock clock;
    private volatile double ratePerSecond;
    private double tokens;
    private long lastNanos;

    public TokenBucket(Clock clock, double ratePerSecond) {
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.tokens = ratePerSecond;
        this.lastNanos = nanos();
    }

    private long nanos() {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public synchronized void setRate(double ratePerSecond) {
        refill();
        this.ratePerSecond = ratePerSecond;
        tokens = Math.min(tokens, ratePerSecond);
    }

    public double rate() {
        return ratePerSecond;
    }

    /** Takes {@code n} tokens if there are that many. */
    public synchronized boolean tryTake(double n) {
        refill();
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }

    /** How long until {@code n} tokens are there. */
    public synchronized Duration timeUntil(double n) {
        refill();
        double missing = n - tokens;
        return missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing / ratePerSecond * 1e9));
    }

    private void refill() {
        long now = nanos();
        if (now > lastNanos) {
            tokens = Math.min(ratePerSecond, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
            lastNanos = now;
        }
    }
}
