package dev.vigil.agent.probe;

import dev.vigil.core.leak.LeakInputs;
import dev.vigil.core.series.SeriesStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;

/** Heap and non-heap usage, and the current usage of every memory pool. */
public final class MemoryProbe implements Probe {
    private final MemoryMXBean memory;
    private final List<MemoryPoolMXBean> pools;
    /** Each pool's series name, made once: concatenating per pool and round fed StringBuilder's JIT profile, which
     *  the host's code shares (ARCHITECTURE.md). */
    private final String[] poolSeries;

    public MemoryProbe() {
        this(ManagementFactory.getMemoryMXBean(), ManagementFactory.getMemoryPoolMXBeans());
    }

    MemoryProbe(MemoryMXBean memory, List<MemoryPoolMXBean> pools) {
        this.memory = memory;
        this.pools = pools;
        this.poolSeries = new String[pools.size()];
        for (int i = 0; i < poolSeries.length; i++) poolSeries[i] = LeakInputs.poolUsedSeries(pools.get(i).getName());
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void sample(SeriesStore store, long now) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        store.record("heap.used_bytes", "bytes", now, heap.getUsed());
        store.record("heap.committed_bytes", "bytes", now, heap.getCommitted());
        store.record("nonheap.used_bytes", "bytes", now, memory.getNonHeapMemoryUsage().getUsed());
        for (int i = 0; i < poolSeries.length; i++) {
            MemoryPoolMXBean pool = pools.get(i);
            if (pool.isValid()) store.record(poolSeries[i], "bytes", now, pool.getUsage().getUsed());
        }
    }
}
