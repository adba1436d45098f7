package dev.vigil.hprof.graph;

import java.util.Arrays;

/**
 * Maps object identifiers (addresses) to dense indexes {@code 0..n-1}: the index of an object is
 * its rank among all identifiers, i.e. identifier order. Stored as a sparse bitmap over the address
 * space, one bit per 8-byte granule (object identifiers are HotSpot addresses, 8-byte aligned; a dump
 * with unaligned identifiers gets one bit per byte), cut into blocks of 2^15 bits (256 KiB of heap);
 * only blocks holding objects are allocated. Each 64-bit word carries the rank of its first bit, so
 * a lookup is two array reads and a popcount. Memory: 12 bytes per 512 bytes of occupied heap
 * (about 1.2 bytes per object for 50-byte objects) instead of 8+ bytes per object for a sorted array.
 */
public final class ObjectIdIndex {
    private static final int BLOCK_SHIFT = 15;           // bits per block
    private static final int WORDS_PER_BLOCK = 1 << (BLOCK_SHIFT - 6);

    private final int shift;        // granule: 1 << shift bytes
    private final long granuleMask;
    private final int size;
    private final long[] words;     // block-major, blocks in key order
    private final int[] ranks;      // rank of the first bit of each word
    private final long minKey;
    private final int[] slotByKey;  // direct table keyed by key - minKey, -1 for empty; or null
    private final long[] sortedKeys; // used when the key range is too sparse for a direct table

    private ObjectIdIndex(int shift, int size, long[] words, int[] ranks, long[] sortedKeys) {
        this.shift = shift;
        this.granuleMask = (1L << shift) - 1;
        this.size = size;
        this.words = words;
        this.ranks = ranks;
        this.sortedKeys = sortedKeys;
        int blocks = sortedKeys.length;
        if (blocks == 0) {
            minKey = 0;
            slotByKey = new int[0];
            return;
        }
        minKey = sortedKeys[0];
        long span = sortedKeys[blocks - 1] - minKey + 1;
        if (span <= Math.max(1L << 16, 8L * blocks)) {
            slotByKey = new int[(int) span];
            Arrays.fill(slotByKey, -1);
            for (int i = 0; i < blocks; i++) {
                slotByKey[(int) (sortedKeys[i] - minKey)] = i;
            }
        } else {
            slotByKey = null;
        }
    }

    /** Collects identifiers in any order; {@link #build()} makes the index. */
    public static final class Builder {
        private final int shift;
        private final LongLongHashMap slotOfKey = new LongLongHashMap(1 << 10);
        private long[][] blocks = new long[64][];
        private long[] keys = new long[64];
        private int blockCount;
        private long lastKey = Long.MIN_VALUE;
        private long[] lastBlock;
        private int count;
        private boolean misaligned;

        /** @param shift log2 of the granule: 3 for 8-byte aligned identifiers, 0 for any */
        public Builder(int shift) {
            this.shift = shift;
        }

        /**
         * Adds an identifier. Returns false if it was already added (a duplicate). An identifier that is not
         * a multiple of the granule is not added and makes {@link #misaligned()} true.
         */
        public boolean add(long id) {
            if ((id & ((1L << shift) - 1)) != 0) {
                misaligned = true;
                return true;
            }
            long bit = id >>> shift;
            long key = bit >>> BLOCK_SHIFT;
            long[] block = key == lastKey ? lastBlock : block(key);
            int word = (int) (bit >>> 6) & (WORDS_PER_BLOCK - 1);
            long mask = 1L << bit;
            if ((block[word] & mask) != 0) {
                return false;
            }
            block[word] |= mask;
            count++;
            return true;
        }

        private long[] block(long key) {
            long slot = slotOfKey.get(key + 1, -1);
            if (slot < 0) {
                if (blockCount == blocks.length) {
                    blocks = Arrays.copyOf(blocks, blockCount * 2);
                    keys = Arrays.copyOf(keys, blockCount * 2);
                }
                slot = blockCount++;
                blocks[(int) slot] = new long[WORDS_PER_BLOCK];
                keys[(int) slot] = key;
                slotOfKey.put(key + 1, slot);
            }
            lastKey = key;
            lastBlock = blocks[(int) slot];
            return lastBlock;
        }

        public boolean misaligned() {
            return misaligned;
        }

        public int count() {
            return count;
        }

        public ObjectIdIndex build() {
            Integer[] order = new Integer[blockCount];
            for (int i = 0; i < blockCount; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compareUnsigned(keys[a], keys[b]));
            long[] sortedKeys = new long[blockCount];
            long[] words = new long[blockCount * WORDS_PER_BLOCK];
            int[] ranks = new int[words.length];
            int rank = 0;
            for (int i = 0; i < blockCount; i++) {
                int s = order[i];
                sortedKeys[i] = keys[s];
                long[] block = blocks[s];
                blocks[s] = null;
                int base = i * WORDS_PER_BLOCK;
                for (int w = 0; w < WORDS_PER_BLOCK; w++) {
                    words[base + w] = block[w];
                    ranks[base + w] = rank;
                    rank += Long.bitCount(block[w]);
                }
            }
            return new ObjectIdIndex(shift, rank, words, ranks, sortedKeys);
        }
    }

    public int size() {
        return size;
    }

    /** Index of the object with this identifier, or -1 if the dump has no such object. */
    public int find(long id) {
        if ((id & granuleMask) != 0) {
            return -1;
        }
        long bit = id >>> shift;
        int slot = slot(bit >>> BLOCK_SHIFT);
        if (slot < 0) {
            return -1;
        }
        int w = (slot << (BLOCK_SHIFT - 6)) | ((int) (bit >>> 6) & (WORDS_PER_BLOCK - 1));
        long word = words[w];
        long below = word & ((1L << bit) - 1);
        if ((word & (1L << bit)) == 0) {
            return -1;
        }
        return ranks[w] + Long.bitCount(below);
    }

    private int slot(long key) {
        if (slotByKey != null) {
            long k = key - minKey;
            return k < 0 || k >= slotByKey.length ? -1 : slotByKey[(int) k];
        }
        int lo = 0;
        int hi = sortedKeys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(sortedKeys[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Bytes held by the index. */
    public long allocatedBytes() {
        return 12L * words.length + 8L * sortedKeys.length + (slotByKey == null ? 0 : 4L * slotByKey.length);
    }
}
