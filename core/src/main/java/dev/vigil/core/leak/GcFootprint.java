package dev.vigil.core.leak;

import java.util.List;

/**
 * Memory a garbage collector keeps beside the heap (mark bitmaps, card tables, remembered sets, mark stacks), which
 * no MXBean reports. It is committed with the heap but becomes resident only as the collector uses it, so a healthy
 * JVM whose heap fills up shows resident memory the heap, non-heap and buffer pools do not explain. The native
 * detector counts up to this much as explained. Also whether the heap lives in anonymous memory: ZGC backs it with
 * shared memory (counted in {@code RssShmem}, and on JDK 17 once per mapping), the others with anonymous pages.
 *
 * <p>Fractions and fixed parts are rounded up from Native Memory Tracking's "GC" category on OpenJDK 17 and
 * Temurin 25 with 256 MiB, 1 GiB and 4 GiB heaps (BENCHMARKS.md, "GC structures beside the heap"); the fixed parts
 * are mostly G1's and ZGC's mark stacks and per-worker queues.
 *
 * @param collector             collector name as shown in evidence
 * @param heapFraction          structures per byte of committed heap
 * @param fixedBytes            structures independent of the heap size
 * @param heapInAnonymousMemory whether the heap's resident pages count in {@code RssAnon}
 */
public record GcFootprint(String collector, double heapFraction, long fixedBytes, boolean heapInAnonymousMemory) {
    private static final long MIB = 1024 * 1024;

    public static final GcFootprint G1 = new GcFootprint("G1", 0.045, 40 * MIB, true);
    public static final GcFootprint PARALLEL = new GcFootprint("Parallel", 0.04, 16 * MIB, true);
    public static final GcFootprint SERIAL = new GcFootprint("Serial", 0.005, 4 * MIB, true);
    public static final GcFootprint SHENANDOAH = new GcFootprint("Shenandoah", 0.035, 8 * MIB, true);
    public static final GcFootprint ZGC = new GcFootprint("ZGC", 0.045, 80 * MIB, false);
    /** An unrecognised collector: as much as the largest of the above. */
    public static final GcFootprint UNKNOWN = new GcFootprint("unknown collector", 0.045, 80 * MIB, true);

    /** From the names of the JVM's {@code GarbageCollectorMXBean}s ("G1 Young Generation", "PS Scavenge", ...). */
    public static GcFootprint fromCollectorNames(List<String> names) {
        for (String name : names) {
            if (name.startsWith("G1 ")) return G1;
            if (name.startsWith("PS ")) return PARALLEL;
            if (name.equals("Copy") || name.equals("MarkSweepCompact")) return SERIAL;
            if (name.startsWith("Shenandoah")) return SHENANDOAH;
            if (name.startsWith("ZGC")) return ZGC;
        }
        return UNKNOWN;
    }

    /** The most these structures take beside a heap of this committed size. */
    public double bytesBeside(double heapCommittedBytes) {
        return heapFraction * heapCommittedBytes + fixedBytes;
    }

    /** How the evidence names this term. */
    String describe() {
        return collector + " GC structures (" + UnitFormat.fixed(heapFraction * 100, 1)
                + "% of heap.committed_bytes + " + fixedBytes / MIB + " MiB)";
    }
}
