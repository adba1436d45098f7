package dev.vigil.hprof.graph;

import java.util.Arrays;

/** A growable {@code long[]} without boxing. */
public final class LongArrayList {
    private long[] values;
    private int size;

    public LongArrayList(int initialCapacity) {
        values = new long[Math.max(initialCapacity, 16)];
    }

    public void add(long value) {
        if (size == values.length) {
            grow();
        }
        values[size++] = value;
    }

    private void grow() {
        long next = Math.min((long) values.length + (values.length >> 1) + 16, Integer.MAX_VALUE - 16);
        if (next <= size) {
            throw new IllegalStateException("more than " + size + " entries; Vigil's object indexes are 31-bit");
        }
        values = Arrays.copyOf(values, (int) next);
    }

    public long get(int index) {
        return values[index];
    }

    public int size() {
        return size;
    }

    /** The values, trimmed to size (the backing array if it is exactly full). */
    public long[] toArray() {
        return size == values.length ? values : Arrays.copyOf(values, size);
    }
}
