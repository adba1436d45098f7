package dev.vigil.core.leak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on one resource. Pass the previous round's finding back to the detector: it carries
 * {@code firstDetectedMillis} and the hysteresis clocks ({@code growingSinceMillis}, {@code clearSinceMillis}).
 *
 * @param resource                  what may leak
 * @param status                    ok, suspected or leaking (after hysteresis)
 * @param growthPerMinute           Theil–Sen slope in {@code unit} per minute (0 while warming up)
 * @param unit                      bytes, threads, classes or fds
 * @param confidence                0..1: 1 − one-sided Mann–Kendall p-value that the resource increases
 * @param firstDetectedMillis       when the status last left ok; null while ok
 * @param projectedExhaustionMillis when the resource reaches its limit at this rate; null when ok, not growing, or
 *                                  without a known limit
 * @param evidence                  the numbers and the reason
 * @param suspects                  growing classes or thread groups, attached by the agent (empty from detectors)
 * @param evaluatedAtMillis         time of this evaluation
 * @param growingSinceMillis        hysteresis: start of the current run of growing verdicts, or null
 * @param clearSinceMillis          hysteresis: start of the current run of stopped verdicts while not ok, or null
 */
public record LeakFinding(LeakResource resource, LeakStatus status, double growthPerMinute, LeakUnit unit,
                          double confidence, Long firstDetectedMillis, Long projectedExhaustionMillis,
                          LeakEvidence evidence, List<String> suspects, long evaluatedAtMillis,
                          Long growingSinceMillis, Long clearSinceMillis) {
    public LeakFinding {
        suspects = suspects == null ? List.of() : List.copyOf(suspects);
    }

    /** The same finding with the agent's suspects (e.g. growing classes from a histogram diff). */
    public LeakFinding withSuspects(List<String> newSuspects) {
        return new LeakFinding(resource, status, growthPerMinute, unit, confidence, firstDetectedMillis,
                projectedExhaustionMillis, evidence, newSuspects, evaluatedAtMillis, growingSinceMillis,
                clearSinceMillis);
    }

    /** The same finding with more suspects appended. */
    public LeakFinding addSuspects(List<String> more) {
        List<String> all = new ArrayList<>(suspects);
        all.addAll(more);
        return withSuspects(all);
    }

    /**
     * The JSON shape: {@code resource, status, growth_per_minute, unit, confidence, first_detected,
     * projected_exhaustion, evidence, suspects}, times as ISO-8601 or null.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", resource.id());
        m.put("status", status.id());
        m.put("growth_per_minute", LeakEvidence.finite(growthPerMinute));
        m.put("unit", unit.id());
        m.put("confidence", LeakEvidence.finite(confidence));
        m.put("first_detected", firstDetectedMillis == null ? null : iso(firstDetectedMillis));
        m.put("projected_exhaustion", projectedExhaustionMillis == null ? null : iso(projectedExhaustionMillis));
        m.put("evidence", evidence.toMap());
        m.put("suspects", suspects);
        return m;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
