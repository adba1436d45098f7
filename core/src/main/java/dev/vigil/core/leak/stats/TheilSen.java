package dev.vigil.core.leak.stats;

/**
 * Theil–Sen slope (median of all pairwise slopes) with Sen's distribution-free confidence interval, and the
 * Mann–Kendall trend test computed from the same pairs. Robust: up to ~29% of the points may be arbitrary outliers
 * without moving the slope far; no assumption of normal noise.
 *
 * <p>Cost is O(n²) time and memory in the number of points (n(n-1)/2 slopes; three quickselects, no sort), so callers
 * reduce a long series to a few hundred points first (see {@link LowerEnvelope}). 120 points: 7,140 pairs.
 */
public final class TheilSen {
    private TheilSen() {
    }

    /**
     * The fitted line and trend statistics.
     *
     * @param slope            median pairwise slope, in y units per x unit
     * @param intercept        median of {@code y - slope * x}
     * @param slopeLow         lower bound of Sen's two-sided confidence interval of the slope
     * @param slopeHigh        upper bound of that interval
     * @param points           n
     * @param kendallS         Mann–Kendall S: concordant minus discordant pairs
     * @param kendallTau       S divided by the number of pairs (tau-a), in [-1, 1]
     * @param varianceS        variance of S under no trend, corrected for ties in y
     * @param pValueIncreasing one-sided p-value of "no trend" against "increasing" (continuity-corrected normal
     *                         approximation); 1 when S is not positive
     */
    public record Fit(double slope, double intercept, double slopeLow, double slopeHigh, int points, long kendallS,
                      double kendallTau, double varianceS, double pValueIncreasing) {
        /** The fitted value at x. */
        public double valueAt(double x) {
            return intercept + slope * x;
        }
    }

    /**
     * Fits y against x. x must be in ascending order (time order); equal x values are allowed and contribute no slope.
     *
     * @param confidenceLevel two-sided level of the slope interval, e.g. 0.95
     */
    public static Fit fit(double[] x, double[] y, double confidenceLevel) {
        int n = x.length;
        if (y.length != n) throw new IllegalArgumentException("x and y differ in length");
        if (n < 2) throw new IllegalArgumentException("need at least 2 points, got " + n);
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1)");
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int m = 0;
        long s = 0;
        for (int i = 0; i < n - 1; i++) {
            double xi = x[i];
            double yi = y[i];
            for (int j = i + 1; j < n; j++) {
                double dx = x[j] - xi;
                double dy = y[j] - yi;
                if (dx < 0) throw new IllegalArgumentException("x must be ascending");
                if (dx > 0) {
                    slopes[m++] = dy / dx;
                    if (dy > 0) s++;
                    else if (dy < 0) s--;
                }
            }
        }
        if (m == 0) throw new IllegalArgumentException("all x are equal");
        double slope = OrderStatistic.median(slopes, m);

        double varianceS = varianceOfS(y);
        double z = NormalDistribution.quantile(0.5 + confidenceLevel / 2);
        double c = z * Math.sqrt(varianceS);
        // Hollander & Wolfe: ordered slopes M1 = (N - C)/2 and M2 + 1 = (N + C)/2 + 1 (1-based)
        int lowIndex = (int) Math.floor((m - c) / 2) - 1;
        int highIndex = (int) Math.ceil((m + c) / 2);
        double slopeLow = OrderStatistic.kth(slopes, m, Math.max(0, Math.min(m - 1, lowIndex)));
        double slopeHigh = OrderStatistic.kth(slopes, m, Math.max(0, Math.min(m - 1, highIndex)));

        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) residuals[i] = y[i] - slope * x[i];
        double intercept = OrderStatistic.median(residuals, n);

        double pairs = n * (n - 1) / 2.0;
        double p;
        if (s <= 0) {
            p = 1.0;
        } else if (varianceS <= 0) {
            p = 0.0;
        } else {
            p = NormalDistribution.upperTail((s - 1) / Math.sqrt(varianceS));
        }
        return new Fit(slope, intercept, slopeLow, slopeHigh, n, s, s / pairs, varianceS, p);
    }

    /** Var(S) = [n(n-1)(2n+5) - Σ t(t-1)(2t+5)] / 18 over groups of t tied y values. */
    static double varianceOfS(double[] y) {
        int n = y.length;
        double[] sorted = y.clone();
        java.util.Arrays.sort(sorted);
        double ties = 0;
        int run = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && sorted[i] == sorted[i - 1]) {
                run++;
            } else {
                if (run > 1) ties += (double) run * (run - 1) * (2.0 * run + 5);
                run = 1;
            }
        }
        return ((double) n * (n - 1) * (2.0 * n + 5) - ties) / 18.0;
    }
}
