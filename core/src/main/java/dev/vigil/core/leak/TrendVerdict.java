package dev.vigil.core.leak;

/** What one round's trend test says about a series, before hysteresis turns it into a {@link LeakStatus}. */
public enum TrendVerdict {
    /** Too few points or too short a span to judge (or no data at all). */
    WARMING_UP,
    /** Significant, material growth that has not levelled off. */
    GROWING,
    /** Neither clearly growing nor clearly stopped: keeps the previous status. */
    UNCLEAR,
    /** Flat, falling, levelled off, or growth too small to matter. */
    STOPPED
}
