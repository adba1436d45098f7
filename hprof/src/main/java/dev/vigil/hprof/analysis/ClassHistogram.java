package dev.vigil.hprof.analysis;

import dev.vigil.hprof.ProgressListener;
import dev.vigil.hprof.graph.HeapClass;
import dev.vigil.hprof.graph.HeapGraph;
import dev.vigil.hprof.graph.LongLongHashMap;
import dev.vigil.hprof.graph.SizeModel;
import dev.vigil.hprof.reader.ClassDump;
import dev.vigil.hprof.reader.HprofFile;
import dev.vigil.hprof.reader.HprofReader;
import dev.vigil.hprof.reader.HprofTag;
import dev.vigil.hprof.reader.HprofVisitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongToIntFunction;

/**
 * Instances, shallow bytes and retained bytes per class. The retained bytes of a class are those
 * of the set of all its instances (what would be freed if all of them were gone), computed exactly:
 * an instance counts only if no other instance of the same class dominates it.
 */
public final class ClassHistogram {
    /** One class; {@code retainedBytes} is -1 when it was not computed (histogram without dominators). */
    public record Row(String className, long instances, long shallowBytes, long retainedBytes) {
    }

    private final List<Row> rows;

    public ClassHistogram(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Histogram of the reachable objects, with retained sizes. */
    public static ClassHistogram of(HeapGraph graph, DominatorTree tree, RetainedSizes retained) {
        RetainedByClass byClass = new RetainedByClass(graph);
        tree.walk(new DominatorTree.Visitor() {
            @Override
            public void enter(int node) {
                byClass.enter(node);
            }

            @Override
            public void leave(int node, int dominator) {
                byClass.leave(node, retained.retainedBytes(node));
            }
        });
        return of(graph, count(graph, tree), byClass);
    }

    /** Reachable instances and their shallow bytes per class index: {instances, shallow bytes}. */
    static long[][] count(HeapGraph graph, DominatorTree tree) {
        int classCount = graph.classes().size();
        long[] instances = new long[classCount];
        long[] shallow = new long[classCount];
        for (int v = 0, n = graph.objectCount(); v < n; v++) {
            if (tree.isReachable(v)) {
                int c = graph.classIndexOf(v);
                instances[c]++;
                shallow[c] += graph.shallowBytes(v);
            }
        }
        return new long[][] {instances, shallow};
    }

    /**
     * Retained bytes per class index, from a walk of the dominator tree (the one that sums the retained
     * sizes, or its own): an instance counts when it is left and no other instance of its class is open
     * on the path above it.
     */
    static final class RetainedByClass implements RetainedSizes.Listener {
        private final HeapGraph graph;
        /** instances of each class on the current path of the walk */
        private final int[] open;
        private final long[] retainedBytes;

        RetainedByClass(HeapGraph graph) {
            this.graph = graph;
            this.open = new int[graph.classes().size()];
            this.retainedBytes = new long[open.length];
        }

        @Override
        public void enter(int node) {
            open[graph.classIndexOf(node)]++;
        }

        @Override
        public void leave(int node, long retained) {
            int c = graph.classIndexOf(node);
            if (--open[c] == 0) {
                retainedBytes[c] += retained;
            }
        }
    }

    /** The histogram from the {@link #count} and the retained bytes per class of a walk. */
    static ClassHistogram of(HeapGraph graph, long[][] counts, RetainedByClass byClass) {
        long[] instances = counts[0];
        long[] shallow = counts[1];
        long[] retainedBytes = byClass.retainedBytes;
        List<Row> rows = new ArrayList<>();
        for (HeapClass c : graph.classes()) {
            int i = c.index();
            if (instances[i] > 0) {
                rows.add(new Row(c.name(), instances[i], shallow[i], retainedBytes[i]));
            }
        }
        rows.sort(Comparator.comparingLong(Row::retainedBytes).reversed().thenComparing(Row::className));
        return new ClassHistogram(mergeSameNames(rows));
    }

    /**
     * Histogram of every object in the dump (reachable or not, like {@code jmap -histo}) in one
     * sequential pass, without building the graph: the fast path behind {@code vigil histo}.
     * Retained bytes are -1. Rows are sorted by shallow bytes.
     */
    public static ClassHistogram scan(Path dump, SizeModel sizeModel,
                                      ProgressListener progress) throws IOException {
        try (HprofFile file = HprofFile.open(dump)) {
            HprofReader reader = new HprofReader(file);
            int idSize = reader.idSizeBytes();
            SizeModel model = sizeModel != null ? sizeModel : SizeModel.forIdentifierSize(idSize);
            LongLongHashMap strings = new LongLongHashMap(1 << 12);
            LongLongHashMap names = new LongLongHashMap(1 << 12);
            LongLongHashMap counts = new LongLongHashMap(1 << 12);
            LongLongHashMap arrayBytes = new LongLongHashMap(1 << 10);
            Map<Long, ClassDump> dumps = new HashMap<>();
            long[] primitiveCounts = new long[12];
            long[] primitiveBytes = new long[12];
            long size = file.sizeBytes();
            reader.scan(new HprofVisitor() {
                @Override
                public void utf8(long id, long bytesOffset, int length) {
                    strings.put(id, bytesOffset);
                }

                @Override
                public void loadClass(int classSerial, long classObjectId, long nameId) {
                    names.put(classObjectId, nameId);
                }

                @Override
                public void classDump(ClassDump dump) {
                    dumps.put(dump.classId(), dump);
                }

                @Override
                public void instanceDump(long objectId, long recordOffset, long classId, long fieldsOffset,
                                         int fieldsLength) {
                    counts.addTo(classId, 1);
                }

                @Override
                public void objectArrayDump(long objectId, long recordOffset, long arrayClassId, long elementsOffset,
                                            int length) {
                    counts.addTo(arrayClassId, 1);
                    arrayBytes.addTo(arrayClassId, model.arrayBytes(length, model.referenceBytes()));
                }

                @Override
                public void primitiveArrayDump(long objectId, long recordOffset, int elementType, long elementsOffset,
                                               int length) {
                    primitiveCounts[elementType]++;
                    primitiveBytes[elementType] +=
                            model.arrayBytes(length, HprofTag.valueSizeBytes(elementType, idSize));
                }

                @Override
                public void progress(long offset) {
                    progress.update("histogram", offset, size);
                }
            });
            LongFunction<String> nameOf = classId -> {
                long offset = strings.get(names.get(classId, 0), -1);
                if (offset < 0) {
                    return "unknown-class@0x" + Long.toHexString(classId);
                }
                int length = (int) (file.u4(offset - idSize - 4) - idSize);
                byte[] bytes = new byte[length];
                file.bytes(offset, bytes, 0, length);
                return HeapClass.javaName(new String(bytes, StandardCharsets.UTF_8));
            };
            LongToIntFunction fieldBytes = classId -> {
                int total = 0;
                int depth = 0;
                for (ClassDump d = dumps.get(classId); d != null && depth++ < 10_000; d = dumps.get(d.superClassId())) {
                    for (byte type : d.instanceFieldTypes()) {
                        total += type == HprofTag.TYPE_OBJECT ? model.referenceBytes()
                                : HprofTag.valueSizeBytes(type, idSize);
                    }
                }
                return total;
            };
            List<Row> rows = new ArrayList<>();
            long classObjects = 0;
            long classObjectBytes = 0;
            long javaLangClassId = 0;
            for (ClassDump d : dumps.values()) {
                if (nameOf.apply(d.classId()).equals("java.lang.Class")) {
                    javaLangClassId = d.classId();
                }
            }
            long classInstanceBytes = javaLangClassId == 0 ? model.objectHeaderBytes()
                    : model.instanceBytes(fieldBytes.applyAsInt(javaLangClassId));
            for (ClassDump d : dumps.values()) {
                long statics = 0;
                for (byte type : d.staticFieldTypes()) {
                    statics += type == HprofTag.TYPE_OBJECT ? model.referenceBytes()
                            : HprofTag.valueSizeBytes(type, idSize);
                }
                classObjects++;
                classObjectBytes += model.align(classInstanceBytes + statics);
            }
            long[] classObjectTotals = {classObjects, classObjectBytes};
            counts.forEach((classId, count) -> {
                String name = nameOf.apply(classId);
                long bytes = name.endsWith("[]") ? arrayBytes.get(classId, 0)
                        : count * model.instanceBytes(fieldBytes.applyAsInt(classId));
                if (name.equals("java.lang.Class")) {
                    classObjectTotals[0] += count;
                    classObjectTotals[1] += bytes;
                } else {
                    rows.add(new Row(name, count, bytes, -1));
                }
                return 0;
            });
            if (classObjectTotals[0] > 0) {
                rows.add(new Row("java.lang.Class", classObjectTotals[0], classObjectTotals[1], -1));
            }
            for (int type = HprofTag.TYPE_BOOLEAN; type <= HprofTag.TYPE_LONG; type++) {
                if (primitiveCounts[type] > 0) {
                    rows.add(new Row(HprofTag.primitiveName(type) + "[]", primitiveCounts[type], primitiveBytes[type],
                            -1));
                }
            }
            List<Row> merged = mergeSameNames(rows);
            merged.sort(Comparator.comparingLong(Row::shallowBytes).reversed().thenComparing(Row::className));
            return new ClassHistogram(merged);
        }
    }

    /** Classes of the same name from different class loaders become one row. */
    static List<Row> mergeSameNames(List<Row> rows) {
        LinkedHashMap<String, Row> merged = new LinkedHashMap<>();
        for (Row r : rows) {
            merged.merge(r.className(), r, (a, b) -> new Row(a.className(), a.instances() + b.instances(),
                    a.shallowBytes() + b.shallowBytes(),
                    a.retainedBytes() < 0 ? -1 : a.retainedBytes() + b.retainedBytes()));
        }
        return new ArrayList<>(merged.values());
    }

    /** Rows, largest retained (or, without retained sizes, shallow) bytes first. */
    public List<Row> rows() {
        return rows;
    }

    public Row row(String className) {
        for (Row r : rows) {
            if (r.className().equals(className)) {
                return r;
            }
        }
        return null;
    }

    public long totalInstances() {
        return rows.stream().mapToLong(Row::instances).sum();
    }

    public long totalShallowBytes() {
        return rows.stream().mapToLong(Row::shallowBytes).sum();
    }
}
