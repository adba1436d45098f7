package dev.vigil.core.leak;

import java.util.EnumMap;
import java.util.Map;

/** Trend settings per resource plus the shared hysteresis: everything the leak detectors can be tuned with. */
public record DetectorSettings(Map<LeakResource, TrendSettings> trends, HysteresisSettings hysteresis) {
    private static final double KIB = 1024;

    public DetectorSettings {
        EnumMap<LeakResource, TrendSettings> copy = new EnumMap<>(LeakResource.class);
        copy.putAll(trends);
        for (LeakResource r : LeakResource.values()) {
            if (!copy.containsKey(r)) throw new IllegalArgumentException("no trend settings for " + r.id());
        }
        trends = java.util.Collections.unmodifiableMap(copy);
        if (hysteresis == null) throw new IllegalArgumentException("hysteresis settings missing");
    }

    /**
     * Defaults: windows 30 min / 2 h / 12 h, at most 120 fitted points, warm-up 10 min and 20 points,
     * p &le; 0.01 to call growth, growth over a window at least 1% of the level (0.5% for classes) and at least:
     * heap and native 64 KiB/min, direct/mapped/metaspace 16 KiB/min, threads and fds 1 per hour, classes 1 per 5 min.
     * Envelope (sawtooth) widths: heap, native and direct 2 min, others 1 min. Heap and direct fit troughs only.
     */
    public static DetectorSettings defaults() {
        long minute = TrendSettings.MINUTE_MILLIS;
        Map<LeakResource, TrendSettings> t = new EnumMap<>(LeakResource.class);
        t.put(LeakResource.HEAP, TrendSettings.of(2 * minute, 64 * KIB, 0.01).withTroughsOnly(true));
        t.put(LeakResource.NATIVE, TrendSettings.of(2 * minute, 64 * KIB, 0.01));
        t.put(LeakResource.DIRECT, TrendSettings.of(2 * minute, 16 * KIB, 0.01).withTroughsOnly(true));
        t.put(LeakResource.MAPPED, TrendSettings.of(minute, 16 * KIB, 0.01));
        t.put(LeakResource.METASPACE, TrendSettings.of(minute, 16 * KIB, 0.01));
        t.put(LeakResource.THREADS, TrendSettings.of(minute, 1.0 / 60, 0.01));
        t.put(LeakResource.FDS, TrendSettings.of(minute, 1.0 / 60, 0.01));
        t.put(LeakResource.CLASSES, TrendSettings.of(minute, 0.2, 0.005));
        return new DetectorSettings(t, HysteresisSettings.defaults());
    }

    public TrendSettings trend(LeakResource resource) {
        return trends.get(resource);
    }

    public DetectorSettings with(LeakResource resource, TrendSettings settings) {
        Map<LeakResource, TrendSettings> t = new EnumMap<>(trends);
        t.put(resource, settings);
        return new DetectorSettings(t, hysteresis);
    }

    public DetectorSettings with(HysteresisSettings h) {
        return new DetectorSettings(trends, h);
    }
}
