package dev.vigil.core.leak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All findings of one round and the overall status (the worst of them). Keep it and pass it to the next round.
 */
public record LeakReport(LeakStatus overall, List<LeakFinding> findings, long evaluatedAtMillis) {
    public LeakReport {
        findings = List.copyOf(findings);
    }

    public static LeakReport of(List<LeakFinding> findings, long evaluatedAtMillis) {
        return new LeakReport(LeakStatus.worst(findings), findings, evaluatedAtMillis);
    }

    /** The finding for a resource, or null when its detector did not run (no series). */
    public LeakFinding finding(LeakResource resource) {
        for (LeakFinding f : findings) if (f.resource() == resource) return f;
        return null;
    }

    /** The same report with one finding replaced (e.g. with suspects attached); the overall status is recomputed. */
    public LeakReport with(LeakFinding replacement) {
        List<LeakFinding> list = new java.util.ArrayList<>(findings);
        list.removeIf(f -> f.resource() == replacement.resource());
        list.add(replacement);
        list.sort(java.util.Comparator.comparing(LeakFinding::resource));
        return of(list, evaluatedAtMillis);
    }

    /** JSON shape: {@code {"status": "...", "evaluated_at": "...", "findings": [...]}}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", overall.id());
        m.put("evaluated_at", LeakFinding.iso(evaluatedAtMillis));
        m.put("findings", findings.stream().map(LeakFinding::toMap).toList());
        return m;
    }
}
