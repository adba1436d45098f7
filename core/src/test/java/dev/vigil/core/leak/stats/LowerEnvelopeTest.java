package dev.vigil.core.leak.stats;

import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LowerEnvelopeTest {
    @Test
    void keepsTheMinimumOfEachBucketAlignedToTheEndAndDropsAPartialFirstBucket() {
        // points every 10 s from t=5 s to t=115 s; buckets of 30 s ending at 120 s: (90,120] (60,90] (30,60] (0,30]
        long[] t = new long[12];
        double[] v = new double[12];
        for (int i = 0; i < 12; i++) {
            t[i] = 5_000 + i * 10_000L;
            v[i] = 100 - i + (i % 3 == 0 ? -50 : 0);
        }
        Series.Points env = LowerEnvelope.of(new Series.Points(t, v), 0, 120_000, 30_000);
        // the bucket (0,30] starts at 0 but data start at 5 s (less than a quarter in): kept
        assertThat(env.timesMillis()).containsExactly(5_000, 35_000, 65_000, 95_000);
        assertThat(env.values()).containsExactly(50, 47, 44, 41);

        Series.Points late = LowerEnvelope.of(new Series.Points(new long[]{20_000, 40_000, 100_000},
                new double[]{1, 2, 3}), 0, 120_000, 30_000);
        assertThat(late.timesMillis()).containsExactly(40_000, 100_000); // 20 s is 2/3 into its bucket: dropped
    }

    @Test
    void emptyBucketsAreSkippedAndPointsOutsideTheWindowIgnored() {
        Series.Points p = new Series.Points(new long[]{0, 1_000, 200_000, 500_000}, new double[]{9, 1, 2, 3});
        Series.Points env = LowerEnvelope.of(p, 1_000, 400_000, 100_000);
        assertThat(env.values()).containsExactly(1, 2); // 0 and 500 s are outside; 1 s and 200 s in two buckets
    }

    @Test
    void dropsAreThePointsBelowTheirPredecessor() {
        Series.Points p = new Series.Points(new long[]{1, 2, 3, 4, 5, 6}, new double[]{10, 20, 30, 12, 15, 11});
        Series.Points d = LowerEnvelope.drops(p, 0, 10);
        assertThat(d.timesMillis()).containsExactly(4, 6);
        assertThat(d.values()).containsExactly(12, 11);
    }
}
