package dev.vigil.core.series;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * All series of one Vigil instance, each bounded. The number of series is capped too, because names can come from
 * the host (memory pool names, buffer pools) and a misbehaving host must not make us grow without end.
 */
public final class SeriesStore {
    /** A day at the default 3 s interval. */
    public static final int MAX_POINTS_PER_SERIES = 28_800;
    public static final int MAX_SERIES = 512;

    private final int capacity;
    /**
     * Kept in name order so {@link #all()} needs no sort. A {@code List.sort} with a comparator of ours at every leak
     * evaluation put our comparator class into the type profile of the JDK's TimSort, which the host's sorts share:
     * C2 then compiled TimSort's {@code compare} calls as virtual calls instead of inlining the host's comparators
     * (seen with -XX:+PrintInlining; a 250-element sort took ~50% longer so compiled in a micro-benchmark; issue 2).
     */
    private final ConcurrentMap<String, Series> byName = new ConcurrentSkipListMap<>();

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
        // putIfAbsent, not computeIfAbsent with a lambda: the first round runs in the agent's start-up (ARCHITECTURE.md)
        Series created = new Series(name, unit, capacity);
        Series raced = byName.putIfAbsent(name, created);
        return raced != null ? raced : created;
    }

    /** Adds one point, creating the series on first use; silently drops it when the series cap is reached. */
    public void record(String name, String unit, long timeMillis, double value) {
        Series s = series(name, unit);
        if (s != null) s.add(timeMillis, value);
    }

    public Series find(String name) {
        return byName.get(name);
    }

    /** Every series, by name. */
    public List<Series> all() {
        return new ArrayList<>(byName.values());
    }
}
