package dev.vigil.hprof.graph;

/** Open-addressing map from non-zero {@code long} keys to {@code long} values, without boxing. */
public final class LongLongHashMap {
    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    public LongLongHashMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
    }

    static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Puts a value for a non-zero key (zero keys are ignored). */
    public void put(long key, long value) {
        if (key == 0) {
            return;
        }
        if (size * 2 >= keys.length) {
            rehash();
        }
        int i = slot(key, mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    public long get(long key, long missing) {
        if (key == 0) {
            return missing;
        }
        int i = slot(key, mask);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return missing;
    }

    /** Adds {@code delta} to the value of {@code key} (0 if absent) and returns the new value. */
    public long addTo(long key, long delta) {
        if (size * 2 >= keys.length) {
            rehash();
        }
        int i = slot(key, mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            keys[i] = key;
            size++;
        }
        return values[i] += delta;
    }

    public int size() {
        return size;
    }

    /** Calls the consumer for every entry. */
    public void forEach(java.util.function.LongBinaryOperator consumer) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                consumer.applyAsLong(keys[i], values[i]);
            }
        }
    }

    private void rehash() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = slot(k, mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }
}
