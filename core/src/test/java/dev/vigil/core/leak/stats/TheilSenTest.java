package dev.vigil.core.leak.stats;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TheilSenTest {
    /** The textbook definition: sort all pairwise slopes, take the middle one (mean of the two middle ones). */
    private static double bruteForceMedianSlope(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        slopes = Arrays.copyOf(slopes, m);
        Arrays.sort(slopes);
        return m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
    }

    @Test
    void slopeIsTheMedianOfAllPairwiseSlopes() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            double t = 0;
            for (int i = 0; i < n; i++) {
                t += r.nextInt(4) == 0 ? 0 : r.nextDouble() * 3; // some equal x
                x[i] = t;
                // integer values give ties in y and in slopes
                y[i] = trial % 3 == 0 ? r.nextInt(5) : 2.5 * t + 10 * r.nextDouble();
            }
            if (x[n - 1] == x[0]) continue;
            double expected = bruteForceMedianSlope(x, y);
            assertThat(TheilSen.fit(x, y, 0.95).slope()).as("trial %d, n %d", trial, n)
                    .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void exactLineGivesExactSlopeInterceptAndPerfectTau() {
        double[] x = {-10, -8, -5, -3, -1, 0};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 100 + 4 * x[i];
        TheilSen.Fit fit = TheilSen.fit(x, y, 0.95);
        assertThat(fit.slope()).isEqualTo(4.0);
        assertThat(fit.intercept()).isEqualTo(100.0);
        assertThat(fit.kendallTau()).isEqualTo(1.0);
        assertThat(fit.slopeLow()).isEqualTo(4.0);
        assertThat(fit.slopeHigh()).isEqualTo(4.0);
        assertThat(fit.valueAt(-5)).isEqualTo(80.0);
    }

    @Test
    void intervalCoversTheTrueSlopeAboutAsOftenAsItsLevelSays() {
        SplittableRandom r = new SplittableRandom(99);
        int covered = 0;
        int trials = 400;
        for (int trial = 0; trial < trials; trial++) {
            int n = 40;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i;
                y[i] = 0.3 * i + gaussian(r) * 2;
            }
            TheilSen.Fit fit = TheilSen.fit(x, y, 0.90);
            if (fit.slopeLow() <= 0.3 && 0.3 <= fit.slopeHigh()) covered++;
        }
        assertThat(covered / (double) trials).isBetween(0.85, 0.96);
    }

    @Test
    void pValueOfPureNoiseIsRarelySmall() {
        SplittableRandom r = new SplittableRandom(5);
        int falseAlarms = 0;
        int trials = 1000;
        for (int trial = 0; trial < trials; trial++) {
            double[] x = new double[30];
            double[] y = new double[30];
            for (int i = 0; i < 30; i++) {
                x[i] = i;
                y[i] = gaussian(r);
            }
            if (TheilSen.fit(x, y, 0.95).pValueIncreasing() <= 0.05) falseAlarms++;
        }
        assertThat(falseAlarms / (double) trials).isBetween(0.03, 0.07);
    }

    @Test
    void tiesInYReduceTheVarianceOfS() {
        assertThat(TheilSen.varianceOfS(new double[]{1, 2, 3, 4})).isEqualTo(4 * 3 * 13 / 18.0);
        assertThat(TheilSen.varianceOfS(new double[]{5, 5, 5, 5})).isZero();
        TheilSen.Fit flat = TheilSen.fit(new double[]{0, 1, 2, 3}, new double[]{5, 5, 5, 5}, 0.95);
        assertThat(flat.slope()).isZero();
        assertThat(flat.pValueIncreasing()).isEqualTo(1.0);
    }

    @Test
    void orderStatisticAndNormalDistributionAgreeWithReferences() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + r.nextInt(50);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = r.nextInt(10);
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertThat(OrderStatistic.kth(v.clone(), n, k)).isEqualTo(sorted[k]);
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            assertThat(OrderStatistic.median(v.clone(), n)).isEqualTo(median);
        }
        assertThat(NormalDistribution.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(NormalDistribution.cdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(NormalDistribution.upperTail(3)).isCloseTo(0.0013499, within(1e-6));
        assertThat(NormalDistribution.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(NormalDistribution.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
