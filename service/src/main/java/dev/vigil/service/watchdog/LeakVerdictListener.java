package dev.vigil.service.watchdog;

/** Where a leak detector sends its verdicts; {@link Watchdog} is one. */
@FunctionalInterface
public interface LeakVerdictListener {
    void onVerdict(LeakVerdict verdict);
}
