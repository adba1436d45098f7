package dev.vigil.service;

import java.time.Duration;

/**
 * A point in time (on the monotonic clock) by which something must be done. Passed down the stop sequence so every
 * step spends from the same budget instead of each getting a fresh timeout.
 */
public final class Deadline {
    private final long deadlineNanos;
    private final Duration budget;

    private Deadline(long deadlineNanos, Duration budget) {
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    /** Time left, never negative. */
    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public long remainingMillis() {
        return remaining().toMillis();
    }

    public boolean expired() {
        return deadlineNanos - System.nanoTime() <= 0;
    }

    /** The whole budget this deadline was made with. */
    public Duration budget() {
        return budget;
    }

    @Override
    public String toString() {
        return remainingMillis() + "ms left of " + budget.toMillis() + "ms";
    }
}
