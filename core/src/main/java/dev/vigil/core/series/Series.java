package dev.vigil.core.series;

/**
 * A bounded time series: a ring of (epoch millis, value) points. When full, the oldest point is overwritten,
 * so memory stays at most {@code capacity * 16} bytes however long the JVM runs. The arrays start small and double
 * as points arrive, so a young JVM (or a short retention) does not pay for a full day up front.
 * Safe for one writer and many readers.
 */
public final class Series {
    static final int INITIAL_POINTS = 256;

    private final String name;
    private final String unit;
    private final int capacity;
    private long[] timesMillis;
    private double[] values;
    private int next;
    private int size;

    Series(String name, String unit, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.name = name;
        this.unit = unit;
        this.capacity = capacity;
        int initial = Math.min(capacity, INITIAL_POINTS);
        this.timesMillis = new long[initial];
        this.values = new double[initial];
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized void add(long timeMillis, double value) {
        if (size == values.length && values.length < capacity) {
            // not a ring yet (the arrays only wrap once at full capacity), so the points are in order from 0
            int grown = (int) Math.min(capacity, 2L * values.length);
            timesMillis = java.util.Arrays.copyOf(timesMillis, grown);
            values = java.util.Arrays.copyOf(values, grown);
            next = size;
        }
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
