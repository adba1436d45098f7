package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Direct and mapped NIO buffers: memory outside the heap that a leak can exhaust without any heap growth. */
public final class BufferPoolProbe implements Probe {
    private final List<BufferPoolMXBean> pools;
    /** Series names made once, as in {@link MemoryProbe}. */
    private final String[] usedSeries;
    private final String[] countSeries;

    public BufferPoolProbe() {
        this(ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class));
    }

    BufferPoolProbe(List<BufferPoolMXBean> pools) {
        this.pools = pools;
        this.usedSeries = new String[pools.size()];
        this.countSeries = new String[pools.size()];
        for (int i = 0; i < usedSeries.length; i++) {
            usedSeries[i] = "buffers." + pools.get(i).getName() + ".used_bytes";
            countSeries[i] = "buffers." + pools.get(i).getName() + ".count";
        }
    }

    @Override
    public String name() {
        return "buffer-pools";
    }

    @Override
    public void sample(SeriesStore store, long now) {
        for (int i = 0; i < usedSeries.length; i++) {
            BufferPoolMXBean pool = pools.get(i);
            store.record(usedSeries[i], "bytes", now, pool.getMemoryUsed());
            store.record(countSeries[i], "buffers", now, pool.getCount());
        }
    }
}
