package dev.vigil.hprof.graph;

/**
 * Maps object identifiers (addresses) to dense indexes {@code 0..n-1}: the index of an object is its
 * rank in the sorted identifier array. A bucket table over the identifier range narrows each
 * lookup to a few entries, so a lookup costs one or two cache misses instead of a full binary search.
 * Memory: 8 bytes per object plus about 2 bytes per object of buckets.
 */
public final class ObjectIdIndex {
    private final long[] sortedIds;
    private final long minId;
    private final long maxId;
    private final int shift;
    private final int[] bucketStart;

    /** @param sortedIds strictly increasing identifiers; the array is kept, not copied */
    public ObjectIdIndex(long[] sortedIds) {
        this.sortedIds = sortedIds;
        int n = sortedIds.length;
        if (n == 0) {
            minId = 1;
            maxId = 0;
            shift = 0;
            bucketStart = new int[] {0, 0};
            return;
        }
        minId = sortedIds[0];
        maxId = sortedIds[n - 1];
        long range = maxId - minId;
        long wantedBuckets = Math.max(1, n / 2);
        int s = 0;
        while (Long.compareUnsigned(range >>> s, wantedBuckets) >= 0) {
            s++;
        }
        shift = s;
        int buckets = (int) (range >>> s) + 1;
        bucketStart = new int[buckets + 1];
        for (long id : sortedIds) {
            bucketStart[(int) ((id - minId) >>> s) + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            bucketStart[b + 1] += bucketStart[b];
        }
    }

    public int size() {
        return sortedIds.length;
    }

    public long id(int index) {
        return sortedIds[index];
    }

    /** Index of the object with this identifier, or -1 if the dump has no such object. */
    public int find(long id) {
        if (id < minId || id > maxId) {
            return -1;
        }
        int b = (int) ((id - minId) >>> shift);
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1] - 1;
        long[] ids = sortedIds;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = ids[mid];
            if (v < id) {
                lo = mid + 1;
            } else if (v > id) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Sorts {@code ids} ascending and permutes {@code payload} the same way. */
    static void sortTogether(long[] ids, long[] payload) {
        boolean sorted = true;
        for (int i = 1; i < ids.length; i++) {
            if (ids[i - 1] > ids[i]) {
                sorted = false;
                break;
            }
        }
        if (!sorted) {
            quicksort(ids, payload, 0, ids.length - 1);
        }
    }

    private static void quicksort(long[] a, long[] b, int lo, int hi) {
        while (hi - lo > 24) {
            int mid = (lo + hi) >>> 1;
            // median of three into a[hi]
            if (a[mid] < a[lo]) swap(a, b, mid, lo);
            if (a[hi] < a[lo]) swap(a, b, hi, lo);
            if (a[mid] < a[hi]) swap(a, b, mid, hi);
            long pivot = a[hi];
            int i = lo - 1;
            for (int j = lo; j < hi; j++) {
                if (a[j] < pivot) {
                    swap(a, b, ++i, j);
                }
            }
            swap(a, b, ++i, hi);
            // recurse into the smaller side, loop on the larger one
            if (i - lo < hi - i) {
                quicksort(a, b, lo, i - 1);
                lo = i + 1;
            } else {
                quicksort(a, b, i + 1, hi);
                hi = i - 1;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            long ka = a[i];
            long kb = b[i];
            int j = i - 1;
            while (j >= lo && a[j] > ka) {
                a[j + 1] = a[j];
                b[j + 1] = b[j];
                j--;
            }
            a[j + 1] = ka;
            b[j + 1] = kb;
        }
    }

    private static void swap(long[] a, long[] b, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
        t = b[i];
        b[i] = b[j];
        b[j] = t;
    }
}
