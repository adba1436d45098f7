package dev.vigil.hprof.graph;

/**
 * An append-only {@code int} array indexed by {@code long}, in 64 Mi-element chunks, so the number
 * of references is not limited to 2^31 and growing never copies.
 */
public final class IntBigArray {
    private static final int CHUNK_SHIFT = 26;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    private int[][] chunks = new int[0][];
    private int[] current;
    private int currentUsed;
    private long size;
    private final int firstChunkSize;

    /** @param expectedSize a hint for the first chunk so that small graphs stay small */
    public IntBigArray(long expectedSize) {
        firstChunkSize = (int) Math.max(1024, Math.min(CHUNK_SIZE, expectedSize));
    }

    public void add(int value) {
        if (current == null || currentUsed == current.length) {
            growChunk();
        }
        current[currentUsed++] = value;
        size++;
    }

    private void growChunk() {
        if (current != null && current.length < CHUNK_SIZE) {
            // the first chunk grows up to full size before a second chunk is started
            int[] bigger = java.util.Arrays.copyOf(current, (int) Math.min((long) current.length * 2, CHUNK_SIZE));
            chunks[chunks.length - 1] = bigger;
            current = bigger;
            return;
        }
        int[][] more = java.util.Arrays.copyOf(chunks, chunks.length + 1);
        current = new int[chunks.length == 0 ? firstChunkSize : CHUNK_SIZE];
        more[chunks.length] = current;
        chunks = more;
        currentUsed = 0;
    }

    public int get(long index) {
        return chunks[(int) (index >>> CHUNK_SHIFT)][(int) index & CHUNK_MASK];
    }

    public void set(long index, int value) {
        chunks[(int) (index >>> CHUNK_SHIFT)][(int) index & CHUNK_MASK] = value;
    }

    /** An array of {@code size} zeros, ready for {@link #set}. */
    public static IntBigArray zeros(long size) {
        IntBigArray a = new IntBigArray(size);
        int full = (int) (size >>> CHUNK_SHIFT);
        int rest = (int) (size & CHUNK_MASK);
        a.chunks = new int[full + (rest > 0 ? 1 : 0)][];
        for (int i = 0; i < full; i++) {
            a.chunks[i] = new int[CHUNK_SIZE];
        }
        if (rest > 0) {
            a.chunks[full] = new int[rest];
        }
        a.size = size;
        a.current = null;
        return a;
    }

    public long size() {
        return size;
    }

    /** Bytes held by the chunks. */
    public long allocatedBytes() {
        long total = 0;
        for (int[] chunk : chunks) {
            total += 4L * chunk.length;
        }
        return total;
    }
}
