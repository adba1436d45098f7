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
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot keeps sorted and reverse-sorted input linear
            if (values[mid] < values[lo]) swap(values, mid, lo);
            if (values[hi] < values[lo]) swap(values, hi, lo);
            if (values[hi] < values[mid]) swap(values, hi, mid);
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
        double lower = kth(values, half, half - 1 < 0 ? 0 : half - 1 >= half ? half - 1 : half - 1);
        return (lower + upper) / 2;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
