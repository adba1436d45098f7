package dev.vigil.core.leak;

/**
 * Turns this round's {@link TrendVerdict} and the previous finding into a status:
 * <ul>
 *   <li>ok + growing → suspected ({@code firstDetected} = now), or leaking at once when exhaustion is nearer than
 *       {@code urgentExhaustionMillis};</li>
 *   <li>suspected + growing → leaking once growing was seen continuously for {@code escalateAfterMillis} with
 *       confidence at least {@code leakingConfidence};</li>
 *   <li>suspected/leaking + stopped → unchanged until stopped was seen continuously for {@code clearAfterMillis},
 *       then ok ({@code firstDetected} cleared);</li>
 *   <li>unclear or warming up → unchanged (an alarm is not dropped for lack of evidence); unclear does not reset
 *       the growing clock, stopped does.</li>
 * </ul>
 */
public final class Hysteresis {
    private Hysteresis() {
    }

    /** The status and the clocks to store in the new finding. */
    public record Outcome(LeakStatus status, Long firstDetectedMillis, Long growingSinceMillis, Long clearSinceMillis) {
    }

    public static Outcome next(LeakFinding previous, TrendVerdict verdict, double confidence,
                               Long projectedExhaustionMillis, long nowMillis, HysteresisSettings h) {
        LeakStatus status = previous == null ? LeakStatus.OK : previous.status();
        Long firstDetected = previous == null ? null : previous.firstDetectedMillis();
        Long growingSince = previous == null ? null : previous.growingSinceMillis();
        Long clearSince = previous == null ? null : previous.clearSinceMillis();
        boolean urgent = projectedExhaustionMillis != null
                && projectedExhaustionMillis - nowMillis <= h.urgentExhaustionMillis();
        switch (verdict) {
            case GROWING -> {
                clearSince = null;
                if (growingSince == null) growingSince = nowMillis;
                if (status == LeakStatus.OK) {
                    status = urgent ? LeakStatus.LEAKING : LeakStatus.SUSPECTED;
                    firstDetected = nowMillis;
                } else if (status == LeakStatus.SUSPECTED && (urgent
                        || (nowMillis - growingSince >= h.escalateAfterMillis()
                        && confidence >= h.leakingConfidence()))) {
                    status = LeakStatus.LEAKING;
                }
            }
            case STOPPED -> {
                growingSince = null;
                if (status == LeakStatus.OK) {
                    clearSince = null;
                } else {
                    if (clearSince == null) clearSince = nowMillis;
                    if (nowMillis - clearSince >= h.clearAfterMillis()) {
                        status = LeakStatus.OK;
                        firstDetected = null;
                        clearSince = null;
                    }
                }
            }
            case UNCLEAR, WARMING_UP -> {
                clearSince = null;
                if (status == LeakStatus.OK) growingSince = null;
            }
        }
        if (status == LeakStatus.OK) firstDetected = null;
        return new Outcome(status, firstDetected, growingSince, clearSince);
    }
}
