package dev.vigil.core.series;

/**
 * A bounded time series: a ring of (epoch millis, value) points. When full, the oldest point is overwritten,
 * so memory stays at {@code capacity * 16} bytes however long the JVM runs. Safe for one writer and many readers.
 */
public final class Series {
    private final String name;
    private final String unit;
    private final long[] timesMillis;
    private final double[] values;
    private int next;
    private int size;

    Series(String name, String unit, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.name = name;
        this.unit = unit;
        this.timesMillis = new long[capacity];
        this.values = new double[capacity];
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public int capacity() {
        return values.length;
    }

    public synchronized void add(long timeMillis, double value) {
        timesMillis[next] = timeMillis;
        values[next] = value;
        next = (next + 1) % values.length;
        if (size < values.length) size++;
    }

    public synchronized int size() {
        return size;
    }

    /** The newest point, or null when empty. */
    public synchronized Point last() {
        if (size == 0) return null;
        int i = (next - 1 + values.length) % values.length;
        return new Point(timesMillis[i], values[i]);
    }

    /** A copy of the points, oldest first. */
    public synchronized Points snapshot() {
        return snapshotSince(Long.MIN_VALUE);
    }

    /** A copy of the points at or after {@code fromMillis}, oldest first; copies nothing older. */
    public synchronized Points snapshotSince(long fromMillis) {
        int start = (next - size + values.length) % values.length;
        int skip = 0; // points are in time order: find the first one in range
        while (skip < size && timesMillis[(start + skip) % values.length] < fromMillis) skip++;
        int n = size - skip;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            int i = (start + skip + k) % values.length;
            t[k] = timesMillis[i];
            v[k] = values[i];
        }
        return new Points(t, v);
    }

    public record Point(long timeMillis, double value) {
    }

    /** Parallel arrays, oldest first; what detectors take as input. */
    public record Points(long[] timesMillis, double[] values) {
        public int size() {
            return values.length;
        }
    }
}
