package dev.vigil.core.leak;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outcome of a threshold rule.
 *
 * @param rule               rule name
 * @param firing             the threshold has been exceeded long enough
 * @param action             what to do next
 * @param breachSinceMillis  time of the first sample of the current run above the threshold, or null
 * @param consecutiveSamples samples in that run
 * @param breachMillis       newest minus first sample time of the run
 * @param latestFraction     newest usage / max
 * @param afterGcFraction    newest after-GC usage / max since the breach began, or null when no GC was seen
 * @param reasonText         a sentence, written when read ({@link ReasonText})
 */
public record RuleResult(String rule, boolean firing, RuleAction action, Long breachSinceMillis,
                         int consecutiveSamples, long breachMillis, double latestFraction, Double afterGcFraction,
                         ReasonText reasonText) {
    public String reason() {
        return reasonText.get();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("firing", firing);
        m.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
        m.put("breach_since", breachSinceMillis == null ? null : LeakFinding.iso(breachSinceMillis));
        m.put("consecutive_samples", consecutiveSamples);
        m.put("breach_millis", breachMillis);
        m.put("latest_fraction", LeakEvidence.finite(latestFraction));
        m.put("after_gc_fraction", afterGcFraction);
        m.put("reason", reason());
        return m;
    }
}
