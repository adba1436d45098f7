package dev.vigil.hprof.analysis;

import dev.vigil.hprof.graph.HeapClass;
import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.graph.LongLongHashMap;

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
        int stringClass = -1;
        for (HeapClass c : graph.classes()) {
            if (c.name().equals("java.lang.String") && c.kind() == HeapClass.Kind.INSTANCE) {
                stringClass = c.index();
            }
        }
        int[] collectionClass = new int[graph.classes().size()];
        for (HeapClass c : graph.classes()) {
            if (SIZED_COLLECTIONS.contains(c.name())) {
                collectionClass[c.index()] = 1;
            }
        }
        LongLongHashMap copies = new LongLongHashMap(1 << 12);
        LongLongHashMap firstNode = new LongLongHashMap(1 << 12);
        LongLongHashMap wastedByHash = new LongLongHashMap(1 << 12);
        long duplicates = 0;
        long wasted = 0;
        long[] emptyCount = new long[collectionClass.length];
        long[] emptyRetained = new long[collectionClass.length];
        for (int i = 0; i < tree.reachableCount(); i++) {
            int v = tree.preorderNode(i);
            int c = graph.classIndexOf(v);
            if (c == stringClass) {
                int array = graph.findObject(graph.referenceField(v, "value"));
                if (array < 0) {
                    continue;
                }
                byte[] bytes = graph.primitiveArrayBytes(array, 1 << 20);
                if (bytes == null) {
                    continue;
                }
                long hash = contentHash(bytes, graph.byteField(v, "coder", -1));
                if (copies.addTo(hash, 1) == 1) {
                    firstNode.put(hash, v + 1L);
                } else {
                    long bytesWasted = graph.shallowBytes(v) + graph.shallowBytes(array);
                    duplicates++;
                    wasted += bytesWasted;
                    wastedByHash.addTo(hash, bytesWasted);
                }
            } else if (collectionClass[c] == 1) {
                int size = graph.intField(v, "size", graph.intField(v, "elementCount", graph.intField(v, "baseCount", -1)));
                if (size == 0 && graph.classOf(v).name().equals("java.util.ArrayDeque")) {
                    size = -1; // ArrayDeque has no size field; skip
                }
                if (size == 0) {
                    emptyCount[c]++;
                    emptyRetained[c] += retained.retainedBytes(v);
                }
            }
        }
        List<long[]> ranked = new ArrayList<>();
        wastedByHash.forEach((hash, bytes) -> {
            ranked.add(new long[] {hash, bytes});
            return 0;
        });
        ranked.sort(Comparator.comparingLong((long[] a) -> a[1]).reversed());
        List<DuplicateString> topStrings = new ArrayList<>();
        for (int i = 0; i < Math.min(top, ranked.size()); i++) {
            long hash = ranked.get(i)[0];
            int node = (int) (firstNode.get(hash, 0) - 1);
            topStrings.add(new DuplicateString(stringValue(graph, node, 80), copies.get(hash, 0), ranked.get(i)[1]));
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

    private static long contentHash(byte[] bytes, int coder) {
        long h = 0xcbf29ce484222325L ^ coder;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= bytes.length;
        h *= 0x9E3779B97F4A7C15L;
        return h == 0 ? 1 : h;
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
