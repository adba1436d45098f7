package dev.vigil.core.leak;

import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

import static dev.vigil.core.leak.Synthetic.at;
import static org.assertj.core.api.Assertions.assertThat;

class SustainedThresholdRuleTest {
    private static Series.Points every3s(double startMinute, double... values) {
        long[] t = new long[values.length];
        for (int i = 0; i < values.length; i++) t[i] = at(startMinute) + i * 3_000L;
        return new Series.Points(t, values);
    }

    @Test
    void memoryAboveNinetyPercentForThreeSamplesAsksForAGcThenADump() {
        SustainedThresholdRule rule = new SustainedThresholdRule(ThresholdRuleSettings.memoryAboveThreshold());
        Series.Points used = every3s(0, 50, 95, 80, 91, 93);
        RuleResult two = rule.evaluate(used, 100, null, at(1));
        assertThat(two.firing()).isFalse();
        assertThat(two.consecutiveSamples()).isEqualTo(2);
        assertThat(two.action()).isEqualTo(RuleAction.NONE);
        assertThat(two.reasonText().isWritten()).as("written only when read").isFalse();
        assertThat(two.reason()).startsWith("usage 93% of max, above 90% for 2 samples over ")
                .contains("; fires after 3 samples");

        Series.Points three = every3s(0, 50, 95, 80, 91, 93, 96);
        RuleResult noGc = rule.evaluate(three, 100, null, at(1));
        assertThat(noGc.firing()).isTrue();
        assertThat(noGc.action()).isEqualTo(RuleAction.GC_AND_OBSERVE);
        assertThat(noGc.breachSinceMillis()).isEqualTo(at(0) + 9_000);
        assertThat(noGc.latestFraction()).isEqualTo(0.96);
        assertThat(noGc.reason()).startsWith("usage 96% of max, above 90% for 3 samples")
                .endsWith("; no collection seen since: request a GC and observe");

        Series.Points stillHighAfterGc = new Series.Points(new long[]{at(0) + 12_000}, new double[]{92});
        RuleResult dump = rule.evaluate(three, 100, stillHighAfterGc, at(1));
        assertThat(dump.action()).isEqualTo(RuleAction.HEAP_DUMP);
        assertThat(dump.afterGcFraction()).isEqualTo(0.92);
        assertThat(dump.reason()).contains("live set is high");

        Series.Points freed = new Series.Points(new long[]{at(0) + 12_000}, new double[]{40});
        RuleResult garbage = rule.evaluate(three, 100, freed, at(1));
        assertThat(garbage.action()).isEqualTo(RuleAction.NONE);
        assertThat(garbage.reason()).endsWith("; a collection brought it to 40%: garbage, not live data");
        assertThat(rule.evaluate(every3s(0, 50, 60), 100, null, at(1)).reason())
                .isEqualTo("usage 60% of max, below 90%");
        Series.Points gcBeforeBreach = new Series.Points(new long[]{at(0) + 3_000}, new double[]{92});
        assertThat(rule.evaluate(three, 100, gcBeforeBreach, at(1)).action()).isEqualTo(RuleAction.GC_AND_OBSERVE);
    }

    @Test
    void oldGenAboveEightyFivePercentMustLastThreeMinutes() {
        SustainedThresholdRule rule = new SustainedThresholdRule(ThresholdRuleSettings.oldGenAboveThreshold());
        double[] values = new double[70];
        for (int i = 0; i < values.length; i++) values[i] = i < 5 ? 60 : 88;
        Series.Points old = every3s(0, values); // above from 15 s to 207 s
        RuleResult early = rule.evaluate(old, 100, null, at(0) + 150_000);
        assertThat(early.firing()).isFalse();
        assertThat(early.reason()).contains("fires after");
        RuleResult late = rule.evaluate(old, 100, null, at(0) + 207_000);
        assertThat(late.firing()).isTrue();
        assertThat(late.breachMillis()).isEqualTo(192_000);
        assertThat(late.toMap()).containsEntry("action", "gc_and_observe").containsEntry("rule",
                "old-gen-above-threshold");
        assertThat(rule.evaluate(old, 0, null, at(5)).firing()).isFalse(); // max unknown
    }
}
