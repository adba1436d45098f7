package dev.vigil.agent.leak;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Child-JVM program for {@link HeapBaselineOnRealCollectorsTest}: prints the heap pools, one per line. */
public final class PrintHeapPools {
    private PrintHeapPools() {
    }

    public static void main(String[] args) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) System.out.println(pool.getName());
        }
    }
}
