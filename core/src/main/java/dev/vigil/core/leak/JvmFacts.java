package dev.vigil.core.leak;

/**
 * Limits the detectors project exhaustion against; the agent reads them once (and on change). Null or non-positive:
 * unknown or unlimited.
 *
 * @param maxHeapBytes      {@code MemoryMXBean.getHeapMemoryUsage().getMax()} (or the old pool's max if smaller)
 * @param maxDirectBytes    {@code -XX:MaxDirectMemorySize}, by default the max heap
 * @param maxMetaspaceBytes the Metaspace pool's max ({@code -XX:MaxMetaspaceSize}); usually unlimited
 * @param maxFds            {@code UnixOperatingSystemMXBean.getMaxFileDescriptorCount()}
 * @param memoryLimitBytes  container memory limit (cgroup) or physical memory, for native growth
 * @param maxThreads        a thread/pid limit when known, else null
 * @param gc                what the collector keeps beside the heap, for the native residual; null: unknown
 */
public record JvmFacts(Long maxHeapBytes, Long maxDirectBytes, Long maxMetaspaceBytes, Long maxFds,
                       Long memoryLimitBytes, Long maxThreads, GcFootprint gc) {
    public static JvmFacts unknown() {
        return new JvmFacts(null, null, null, null, null, null, null);
    }

    static Double limit(Long value) {
        return value == null || value <= 0 ? null : value.doubleValue();
    }
}
