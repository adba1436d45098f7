package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/** Direct and mapped NIO buffers: memory outside the heap that a leak can exhaust without any heap growth. */
public final class BufferPoolProbe implements Probe {
    private final List<BufferPoolMXBean> pools;

    public BufferPoolProbe() {
        this(ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class));
    }

    BufferPoolProbe(List<BufferPoolMXBean> pools) {
        this.pools = pools;
    }

    @Override
    public String name() {
        return "buffer-pools";
    }

    @Override
    public void sample(SeriesStore store, long now) {
        for (BufferPoolMXBean pool : pools) {
            store.record("buffers." + pool.getName() + ".used_bytes", "bytes", now, pool.getMemoryUsed());
            store.record("buffers." + pool.getName() + ".count", "buffers", now, pool.getCount());
        }
    }
}
