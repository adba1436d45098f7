package dev.vigil.hprof.graph;

/**
 * The class index of every object. A few classes hold nearly all objects of a heap, so the 255 most
 * common classes get a byte code per object and the objects of other classes are looked up in a hash
 * map: about 1 byte per object instead of 2. When more than 1/64 of the objects are of other classes
 * the per-object {@code char} (up to 65 535 classes) or {@code int} array is kept as it is.
 */
final class ClassIndexes {
    private static final int OTHER = 255;

    private final byte[] code;
    /** code -> class index */
    private final int[] common;
    /** node + 1 -> class index, for the objects whose code is OTHER */
    private final LongLongHashMap other;
    private final char[] small;
    private final int[] large;

    private ClassIndexes(byte[] code, int[] common, LongLongHashMap other, char[] small, int[] large) {
        this.code = code;
        this.common = common;
        this.other = other;
        this.small = small;
        this.large = large;
    }

    /** From a {@code char} per object (or, if null, an {@code int} per object) and the number of classes. */
    static ClassIndexes of(char[] small, int[] large, int classCount) {
        int n = small != null ? small.length : large.length;
        long[] count = new long[classCount];
        for (int v = 0; v < n; v++) {
            count[small != null ? small[v] : large[v]]++;
        }
        // the most common classes, most common first
        Integer[] byCount = new Integer[classCount];
        for (int c = 0; c < classCount; c++) {
            byCount[c] = c;
        }
        java.util.Arrays.sort(byCount, (a, b) -> Long.compare(count[b], count[a]));
        int codes = Math.min(OTHER, classCount);
        int[] common = new int[codes];
        int[] codeOf = new int[classCount];
        java.util.Arrays.fill(codeOf, OTHER);
        long others = n;
        for (int k = 0; k < codes; k++) {
            common[k] = byCount[k];
            codeOf[byCount[k]] = k;
            others -= count[byCount[k]];
        }
        if (others > n / 64) {
            return new ClassIndexes(null, null, null, small, large);
        }
        byte[] code = new byte[n];
        LongLongHashMap other = new LongLongHashMap((int) Math.max(16, others));
        for (int v = 0; v < n; v++) {
            int c = small != null ? small[v] : large[v];
            code[v] = (byte) codeOf[c];
            if (codeOf[c] == OTHER) {
                other.put(v + 1L, c);
            }
        }
        return new ClassIndexes(code, common, other, null, null);
    }

    int get(int v) {
        if (code != null) {
            int k = code[v] & 0xff;
            return k != OTHER ? common[k] : (int) other.get(v + 1L, 0);
        }
        return small != null ? small[v] : large[v];
    }

    long allocatedBytes() {
        if (code != null) {
            return code.length + 32L * other.size();
        }
        return small != null ? 2L * small.length : 4L * large.length;
    }
}
