package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.function.Supplier;

/**
 * The seed's threshold alerts as a pure evaluator: "usage above X% of max for N consecutive samples / for T". When
 * firing, it also says what to do next, following the seed's flow (warn → GC and observe → still high → dump): if a
 * collection happened during the breach and usage right after it was still above the threshold, the live set itself
 * is high and a heap dump is due; if no collection happened yet, the agent should request one and observe; if a
 * collection brought usage below the threshold, it was garbage and nothing is due.
 */
public final class SustainedThresholdRule {
    private static final ReasonText NO_SAMPLES = ReasonText.of("no samples yet");
    private static final ReasonText MAX_UNKNOWN = ReasonText.of("max unknown: threshold cannot be evaluated");

    private final ThresholdRuleSettings settings;

    public SustainedThresholdRule(ThresholdRuleSettings settings) {
        this.settings = settings;
    }

    public ThresholdRuleSettings settings() {
        return settings;
    }

    /**
     * @param usage        the usage series (heap.used_bytes, or pool.&lt;old&gt;.used_bytes), oldest first
     * @param maxBytes     its max; the rule never fires when this is 0 or less (unknown)
     * @param afterGcUsage the same pool's after-GC series (from the collectors' last GcInfo) or null
     * @param nowMillis    evaluation time (samples after it are ignored)
     */
    public RuleResult evaluate(Series.Points usage, double maxBytes, Series.Points afterGcUsage, long nowMillis) {
        String name = settings.name();
        if (usage == null || usage.size() == 0 || !(maxBytes > 0)) {
            return new RuleResult(name, false, RuleAction.NONE, null, 0, 0, Double.NaN, null,
                    maxBytes > 0 ? NO_SAMPLES : MAX_UNKNOWN);
        }
        long[] t = usage.timesMillis();
        double[] v = usage.values();
        int newest = t.length - 1;
        while (newest >= 0 && t[newest] > nowMillis) newest--;
        if (newest < 0) return new RuleResult(name, false, RuleAction.NONE, null, 0, 0, Double.NaN, null,
                NO_SAMPLES);
        double threshold = settings.thresholdFraction() * maxBytes;
        double latest = v[newest] / maxBytes;
        int run = 0;
        int i = newest;
        while (i >= 0 && v[i] >= threshold) {
            run++;
            i--;
        }
        if (run == 0) {
            return new RuleResult(name, false, RuleAction.NONE, null, 0, 0, latest, null,
                    reason(RuleReason.Kind.BELOW, latest, run, 0, Double.NaN));
        }
        long since = t[newest - run + 1];
        long breach = t[newest] - since;
        boolean firing = run >= settings.minConsecutiveSamples() && breach >= settings.minDurationMillis();
        if (!firing) {
            return new RuleResult(name, false, RuleAction.NONE, since, run, breach, latest, null,
                    reason(RuleReason.Kind.NOT_LONG_ENOUGH, latest, run, breach, Double.NaN));
        }
        Double afterGc = null;
        if (afterGcUsage != null) {
            for (int k = afterGcUsage.size() - 1; k >= 0; k--) {
                long tk = afterGcUsage.timesMillis()[k];
                if (tk > nowMillis) continue;
                if (tk >= since) afterGc = afterGcUsage.values()[k] / maxBytes;
                break;
            }
        }
        if (afterGc == null) {
            return new RuleResult(name, true, RuleAction.GC_AND_OBSERVE, since, run, breach, latest, null,
                    reason(RuleReason.Kind.NO_COLLECTION_SEEN, latest, run, breach, Double.NaN));
        }
        if (afterGc >= settings.thresholdFraction()) {
            return new RuleResult(name, true, RuleAction.HEAP_DUMP, since, run, breach, latest, afterGc,
                    reason(RuleReason.Kind.LIVE_SET_HIGH, latest, run, breach, afterGc));
        }
        return new RuleResult(name, true, RuleAction.NONE, since, run, breach, latest, afterGc,
                reason(RuleReason.Kind.GARBAGE, latest, run, breach, afterGc));
    }

    private ReasonText reason(RuleReason.Kind kind, double latest, int samples, long breachMillis, double afterGc) {
        return ReasonText.writtenBy(new RuleReason(kind, latest, samples, breachMillis, afterGc, settings));
    }

    /** Writes a result's reason when it is read (a class rather than a lambda: see {@link ReasonText}). */
    private record RuleReason(Kind kind, double latest, int samples, long breachMillis, double afterGc,
                              ThresholdRuleSettings settings) implements Supplier<String> {
        enum Kind { BELOW, NOT_LONG_ENOUGH, NO_COLLECTION_SEEN, LIVE_SET_HIGH, GARBAGE }

        @Override
        public String get() {
            String usage = "usage " + UnitFormat.percent(latest) + " of max, ";
            String threshold = UnitFormat.percent(settings.thresholdFraction());
            if (kind == Kind.BELOW) return usage + "below " + threshold;
            String head = usage + "above " + threshold + " for " + samples + " samples over "
                    + UnitFormat.duration(breachMillis);
            return switch (kind) {
                case NOT_LONG_ENOUGH -> head + "; fires after " + settings.minConsecutiveSamples() + " samples and "
                        + UnitFormat.duration(settings.minDurationMillis());
                case NO_COLLECTION_SEEN -> head + "; no collection seen since: request a GC and observe";
                case LIVE_SET_HIGH -> head + "; still " + UnitFormat.percent(afterGc)
                        + " right after a collection: the live set is high, dump";
                default -> head + "; a collection brought it to " + UnitFormat.percent(afterGc)
                        + ": garbage, not live data";
            };
        }
    }
}
