package dev.vigil.core.leak.stats;

/** The k-th smallest of an array in expected linear time (quickselect), so a median needs no full sort. */
public final class OrderStatistic {
    private OrderStatistic() {
    }

    /**
     * The k-th smallest (0-based) of the first {@code length} values. Reorders those values; the multiset is kept,
     * so several selections on the same array are all correct.
     */
    public static double kth(double[] values, int length, int k) {
        if (k < 0 || k >= length) throw new IllegalArgumentException("k=" + k + " outside 0.." + (length - 1));
        int lo = 0;
        int hi = length - 1;
        long seed = 0x9E3779B97F4A7C15L ^ length; // deterministic pseudo-random pivots: no input order is adversarial
        while (hi > lo) {
            int span = hi - lo + 1;
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int a = lo + (int) ((seed >>> 33) % span);
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int b = lo + (int) ((seed >>> 33) % span);
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int mid = lo + (int) ((seed >>> 33) % span);
            // median of three random positions as pivot, moved to mid
            if (values[a] > values[b]) {
                int t = a;
                a = b;
                b = t;
            }
            int m = values[mid] < values[a] ? a : values[mid] > values[b] ? b : mid;
            swap(values, m, mid);
            double pivot = values[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j) {
                    swap(values, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }

    /** The median of the first {@code length} values (mean of the two middle ones when even). Reorders them. */
    public static double median(double[] values, int length) {
        if (length < 1) throw new IllegalArgumentException("no values");
        int half = length / 2;
        double upper = kth(values, length, half);
        if ((length & 1) == 1) return upper;
        // kth leaves every value below index half no larger than values[half]: the lower middle is their maximum
        double lower = values[0];
        for (int i = 1; i < half; i++) lower = Math.max(lower, values[i]);
        return (lower + upper) / 2;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
