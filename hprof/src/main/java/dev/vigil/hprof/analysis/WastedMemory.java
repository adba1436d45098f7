package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.HeapClass;
import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.graph.IntArrayList;
import dev.vigil.hprof.graph.LongLongHashMap;
import dev.vigil.hprof.reader.HprofTag;

import java.util.Arrays;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Obvious waste, reported as secondary findings: strings whose contents are duplicated (bytes that
 * interning or deduplication would save) and empty collections (size 0 but allocated).
 */
public final class WastedMemory {
    public record DuplicateString(String value, long copies, long wastedBytes) {
    }

    public record EmptyCollections(String className, long instances, long retainedBytes) {
    }

    private static final Set<String> SIZED_COLLECTIONS = Set.of("java.util.ArrayList", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.LinkedList", "java.util.TreeMap", "java.util.Vector",
            "java.util.IdentityHashMap", "java.util.WeakHashMap", "java.util.ArrayDeque", "java.util.concurrent.ConcurrentHashMap");

    private final long duplicateStringCount;
    private final long duplicateStringWastedBytes;
    private final List<DuplicateString> topDuplicateStrings;
    private final List<EmptyCollections> emptyCollections;

    private WastedMemory(long count, long wasted, List<DuplicateString> top, List<EmptyCollections> empty) {
        this.duplicateStringCount = count;
        this.duplicateStringWastedBytes = wasted;
        this.topDuplicateStrings = top;
        this.emptyCollections = empty;
    }

    public long duplicateStringCount() {
        return duplicateStringCount;
    }

    public long duplicateStringWastedBytes() {
        return duplicateStringWastedBytes;
    }

    public List<DuplicateString> topDuplicateStrings() {
        return topDuplicateStrings;
    }

    public List<EmptyCollections> emptyCollections() {
        return emptyCollections;
    }

    public static WastedMemory find(HeapGraph graph, DominatorTree tree, RetainedSizes retained, int top) {
        return Search.hashStrings(graph, tree, top, ClassHistogram.count(graph, tree)[0]).countDuplicates().result(retained);
    }

    /**
     * The waste search in three steps, so that {@code HeapAnalysis} can place them: {@link #hashStrings}
     * needs 8 bytes per reachable string for a while (and no retained sizes), {@link #countDuplicates}
     * only a small table (it can run beside other steps), {@link #result} adds the retained sizes of the
     * empty collections.
     */
    static final class Search {
        private final HeapGraph graph;
        private final DominatorTree tree;
        private final int top;
        private final int stringClass;
        private final int valueOffset;
        private final int coderOffset;
        /** duplicated content hashes (open addressing, 0 = free) and their number of copies */
        private final long[] dupKeys;
        private final int[] dupCopies;
        private final int distinctDuplicated;
        /** the reachable empty collections, found by each half of the nodes (usually few) */
        private final IntArrayList[] emptyCollections;
        private long duplicates;
        private long wasted;
        private List<DuplicateString> topStrings;

        private Search(HeapGraph graph, DominatorTree tree, int top, int stringClass, int valueOffset, int coderOffset,
                       long[] dupKeys, int[] dupCopies, int distinctDuplicated, IntArrayList[] emptyCollections) {
            this.graph = graph;
            this.tree = tree;
            this.top = top;
            this.stringClass = stringClass;
            this.valueOffset = valueOffset;
            this.coderOffset = coderOffset;
            this.dupKeys = dupKeys;
            this.dupCopies = dupCopies;
            this.distinctDuplicated = distinctDuplicated;
            this.emptyCollections = emptyCollections;
        }

        /**
         * Pass 1: content hashes of all reachable strings, sorted, give the duplicated ones; the empty
         * collections are listed. The hash array (8 bytes per reachable string) is garbage on return.
         * {@code reachableInstances}: reachable instances per class index (the histogram's counts).
         */
        static Search hashStrings(HeapGraph graph, DominatorTree tree, int top, long[] reachableInstances) {
            long t0 = System.nanoTime();
            int stringClass = -1;
            for (HeapClass c : graph.classes()) {
                if (c.name().equals("java.lang.String") && c.kind() == HeapClass.Kind.INSTANCE) {
                    stringClass = c.index();
                }
            }
            // collection classes: offset of the size field (size, else elementCount, else baseCount)
            int[] sizeOffset = new int[graph.classes().size()];
            Arrays.fill(sizeOffset, -1);
            for (HeapClass c : graph.classes()) {
                if (SIZED_COLLECTIONS.contains(c.name()) && !c.name().equals("java.util.ArrayDeque")) {
                    for (String field : new String[] {"size", "elementCount", "baseCount"}) {
                        int off = graph.instanceFieldOffset(c, field, HprofTag.TYPE_INT);
                        if (off >= 0) {
                            sizeOffset[c.index()] = off;
                            break;
                        }
                    }
                }
            }
            HeapClass string = stringClass < 0 ? null : graph.classes().get(stringClass);
            int valueOffset = string == null ? -1 : graph.instanceFieldOffset(string, "value", HprofTag.TYPE_OBJECT);
            int coderOffset = string == null ? -1 : graph.instanceFieldOffset(string, "coder", HprofTag.TYPE_BYTE);
            int n = graph.objectCount();
            // content hashes of all reachable strings (0: no primitive array value), in node order (the dump
            // is read nearly sequentially); sized exactly from the histogram's count: growing by doubling
            // would hold two copies, and so would keeping the node order beside a sorted copy
            int stringCount = valueOffset >= 0 ? (int) reachableInstances[stringClass] : 0;
            long[] hashes = new long[stringCount];
            int stringIndex = stringClass;
            IntArrayList[] emptyCollections = {new IntArrayList(16), new IntArrayList(16)};
            // each half of the nodes on its own core: the first half's strings fill the array from the start,
            // the second half's from the end (the order does not matter: the array is sorted next)
            NodeHalves.run(n, (from, to, half) -> {
                int i = half == 0 ? 0 : stringCount - 1;
                int step = half == 0 ? 1 : -1;
                IntArrayList empty = emptyCollections[half];
                for (int v = from; v < to; v++) {
                    if (!tree.isReachable(v)) {
                        continue;
                    }
                    int c = graph.classIndexOf(v);
                    if (c == stringIndex && valueOffset >= 0) {
                        hashes[i] = stringHash(graph, v, valueOffset, coderOffset);
                        i += step;
                    } else if (sizeOffset[c] >= 0 && graph.intAt(v, sizeOffset[c]) == 0) {
                        empty.add(v);
                    }
                }
            });
            long tHashed = System.nanoTime();
            sortOnTwoCores(hashes);
            long tSorted = System.nanoTime();
            // hashes that occur more than once, with their number of copies, in a small open-addressing table
            int distinctDuplicated = 0;
            for (int i = 1; i < stringCount; i++) {
                if (hashes[i] == hashes[i - 1] && hashes[i] != 0 && (i == 1 || hashes[i - 1] != hashes[i - 2])) distinctDuplicated++;
            }
            int capacity = Integer.highestOneBit(Math.max(16, distinctDuplicated * 2)) << 1;
            long[] dupKeys = new long[capacity];
            int[] dupCopies = new int[capacity];
            for (int i = 0; i < stringCount; ) {
                int j = i + 1;
                while (j < stringCount && hashes[j] == hashes[i]) j++;
                if (j - i > 1 && hashes[i] != 0) {
                    int slot = (int) (hashes[i] ^ (hashes[i] >>> 32)) & (capacity - 1);
                    while (dupKeys[slot] != 0) slot = (slot + 1) & (capacity - 1);
                    dupKeys[slot] = hashes[i];
                    dupCopies[slot] = j - i;
                }
                i = j;
            }
            if (Boolean.getBoolean("vigil.hprof.timing")) {
                System.err.printf("waste: %d strings hashed in %d ms, sorted in %d ms%n", stringCount,
                        (tHashed - t0) / 1_000_000, (tSorted - tHashed) / 1_000_000);
            }
            return new Search(graph, tree, top, stringClass, valueOffset, coderOffset, dupKeys, dupCopies,
                    distinctDuplicated, emptyCollections);
        }

        /**
         * Pass 2 over the strings: the first copy (in node order) of each duplicated string stands for its
         * run. Reads only the graph, the tree and this search's table; call once. Returns this search.
         */
        Search countDuplicates() {
            long t0 = System.nanoTime();
            int capacity = dupKeys.length;
            int n = graph.objectCount();
            java.util.PriorityQueue<long[]> topRuns = new java.util.PriorityQueue<>(Comparator.comparingLong((long[] r) -> r[0]));
            // once every run is counted the rest of the strings can change nothing
            for (int v = 0, uncounted = distinctDuplicated; v < n && uncounted > 0; v++) {
                if (graph.classIndexOf(v) != stringClass || !tree.isReachable(v) || valueOffset < 0) {
                    continue;
                }
                long h = stringHash(graph, v, valueOffset, coderOffset);
                if (h == 0) {
                    continue;
                }
                int slot = (int) (h ^ (h >>> 32)) & (capacity - 1);
                while (dupKeys[slot] != 0 && dupKeys[slot] != h) slot = (slot + 1) & (capacity - 1);
                if (dupKeys[slot] == 0 || dupCopies[slot] < 0) {
                    continue; // a unique string, or its run is counted already
                }
                int copies = dupCopies[slot];
                dupCopies[slot] = -1;
                uncounted--;
                int array = graph.findObject(graph.idAt(v, valueOffset));
                long each = graph.shallowBytes(v) + graph.shallowBytes(array);
                long runWasted = (copies - 1) * each;
                duplicates += copies - 1;
                wasted += runWasted;
                topRuns.add(new long[] {runWasted, v, copies});
                if (topRuns.size() > top) {
                    topRuns.poll();
                }
            }
            List<long[]> ranked = new ArrayList<>(topRuns);
            ranked.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed());
            topStrings = new ArrayList<>();
            for (long[] r : ranked) {
                topStrings.add(new DuplicateString(stringValue(graph, (int) r[1], 80), r[2], r[0]));
            }
            if (Boolean.getBoolean("vigil.hprof.timing")) {
                System.err.printf("waste: second pass %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
            return this;
        }

        /** The findings, after {@link #countDuplicates}: the empty collections with their retained bytes. */
        WastedMemory result(RetainedSizes retained) {
            int classCount = graph.classes().size();
            long[] emptyCount = new long[classCount];
            long[] emptyRetained = new long[classCount];
            for (IntArrayList nodes : emptyCollections) {
                for (int i = 0; i < nodes.size(); i++) {
                    int v = nodes.get(i);
                    int c = graph.classIndexOf(v);
                    emptyCount[c]++;
                    emptyRetained[c] += retained.retainedBytes(v);
                }
            }
            List<EmptyCollections> empty = new ArrayList<>();
            for (HeapClass c : graph.classes()) {
                if (emptyCount[c.index()] > 0) {
                    empty.add(new EmptyCollections(c.name(), emptyCount[c.index()], emptyRetained[c.index()]));
                }
            }
            empty.sort(Comparator.comparingLong(EmptyCollections::retainedBytes).reversed());
            return new WastedMemory(duplicates, wasted, topStrings, empty);
        }
    }

    /**
     * Sorts in place without a buffer: split around 0 (negatives first; hashes spread evenly over the
     * range), then each part sorted on its own core (the common fork-join pool has one thread on two
     * cores, so {@link Arrays#parallelSort} would sort on one, and it needs a buffer as large).
     */
    static void sortOnTwoCores(long[] values) {
        int length = values.length;
        int i = 0;
        for (int j = length - 1; ; i++, j--) {
            while (i <= j && values[i] < 0) i++;
            while (i <= j && values[j] >= 0) j--;
            if (i >= j) {
                break;
            }
            long t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        int split = i;
        Thread helper = new Thread(() -> Arrays.sort(values, split, length), "vigil-hprof-sort");
        helper.setDaemon(true);
        helper.start();
        Arrays.sort(values, 0, split);
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Hash of a string's contents (value bytes and coder), 0 if it has no primitive array value. */
    private static long stringHash(HeapGraph graph, int v, int valueOffset, int coderOffset) {
        int array = graph.findObject(graph.idAt(v, valueOffset));
        if (array < 0) {
            return 0;
        }
        int coder = coderOffset < 0 ? -1 : graph.byteAt(v, coderOffset);
        return graph.primitiveArrayHash(array, 1 << 20, 0xcbf29ce484222325L ^ coder);
    }

    /** The text of a java.lang.String node (JDK 9+ byte[] with coder, or JDK 8 char[]), cut to {@code maxChars}. */
    public static String stringValue(HeapGraph graph, int node, int maxChars) {
        int array = graph.findObject(graph.referenceField(node, "value"));
        if (array < 0) {
            return null;
        }
        byte[] bytes = graph.primitiveArrayBytes(array, Math.max(maxChars * 2, 2));
        if (bytes == null) {
            return null;
        }
        int coder = graph.byteField(node, "coder", -1);
        String text;
        if (graph.classOf(array).name().equals("char[]")) {
            text = new String(bytes, StandardCharsets.UTF_16BE);
        } else if (coder == 1) {
            text = new String(bytes, 0, bytes.length & ~1, StandardCharsets.UTF_16LE);
        } else {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return text.length() > maxChars ? text.substring(0, maxChars) + "…" : text;
    }
}
