package dev.vigil.core.series;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * All series of one Vigil instance, each bounded. The number of series is capped too, because names can come from
 * the host (memory pool names, buffer pools) and a misbehaving host must not make us grow without end.
 */
public final class SeriesStore {
    /** A day at the default 3 s interval. */
    public static final int MAX_POINTS_PER_SERIES = 28_800;
    public static final int MAX_SERIES = 512;

    private final int capacity;
    private final ConcurrentMap<String, Series> byName = new ConcurrentHashMap<>();

    public SeriesStore(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = Math.min(capacity, MAX_POINTS_PER_SERIES);
    }

    /** Enough points to cover {@code retention} at {@code interval}, capped at {@link #MAX_POINTS_PER_SERIES}. */
    public static SeriesStore forRetention(Duration retention, Duration interval) {
        long points = Math.max(1, retention.toMillis() / Math.max(1, interval.toMillis()));
        return new SeriesStore((int) Math.min(points, MAX_POINTS_PER_SERIES));
    }

    public int capacity() {
        return capacity;
    }

    /**
     * The series of that name, created on first use; null once {@link #MAX_SERIES} exist and the name is new
     * (the caller drops that point).
     */
    public Series series(String name, String unit) {
        Series existing = byName.get(name);
        if (existing != null) return existing;
        if (byName.size() >= MAX_SERIES) return null;
        return byName.computeIfAbsent(name, n -> new Series(n, unit, capacity));
    }

    /** Adds one point, creating the series on first use; silently drops it when the series cap is reached. */
    public void record(String name, String unit, long timeMillis, double value) {
        Series s = series(name, unit);
        if (s != null) s.add(timeMillis, value);
    }

    public Series find(String name) {
        return byName.get(name);
    }

    public List<Series> all() {
        List<Series> list = new ArrayList<>(byName.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }
}
