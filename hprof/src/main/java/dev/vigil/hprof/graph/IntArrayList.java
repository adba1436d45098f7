package dev.vigil.hprof.graph;

import java.util.Arrays;

/** A growable {@code int[]} without boxing. */
public final class IntArrayList {
    private int[] values;
    private int size;

    public IntArrayList(int initialCapacity) {
        values = new int[Math.max(initialCapacity, 16)];
    }

    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min((long) values.length * 2, Integer.MAX_VALUE - 16));
        }
        values[size++] = value;
    }

    public int get(int index) {
        return values[index];
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
