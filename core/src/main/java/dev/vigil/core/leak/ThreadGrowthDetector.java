package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Thread leaks. {@link #evaluate} tests the trend of {@code threads.live} (lower envelope, so pools that grow under a
 * burst and shrink after their keep-alive do not count); {@link #growingGroups} names which groups of threads grow
 * between thread-dump snapshots, for the finding's suspects.
 */
public final class ThreadGrowthDetector {
    private final ResourceTrendDetector trend;
    private final GroupGrowthSettings groups;

    /**
     * When a thread group counts as growing.
     *
     * @param minGrowth           at least this many more threads in the newest snapshot than in the first (default 3)
     * @param minRisingStepsRatio with three or more snapshots, the share of steps in which the group did not shrink
     *                            (default 0.75)
     * @param maxGroups           at most this many groups are returned, fastest growing first (default 10)
     */
    public record GroupGrowthSettings(int minGrowth, double minRisingStepsRatio, int maxGroups) {
        public static GroupGrowthSettings defaults() {
            return new GroupGrowthSettings(3, 0.75, 10);
        }
    }

    public ThreadGrowthDetector(TrendSettings trend, HysteresisSettings hysteresis, GroupGrowthSettings groups) {
        this.trend = new ResourceTrendDetector(LeakResource.THREADS, trend, hysteresis);
        this.groups = groups;
    }

    public static ThreadGrowthDetector withDefaults() {
        DetectorSettings d = DetectorSettings.defaults();
        return new ThreadGrowthDetector(d.trend(LeakResource.THREADS), d.hysteresis(), GroupGrowthSettings.defaults());
    }

    /**
     * @param liveThreads snapshot of {@code threads.live}
     * @param maxThreads  a thread limit when one is known (e.g. from ulimit -u or a container pids limit); else null
     */
    public LeakFinding evaluate(Series.Points liveThreads, Double maxThreads, LeakFinding previous, long nowMillis) {
        return trend.evaluate("threads.live", liveThreads, maxThreads, previous, nowMillis);
    }

    /** The groups that grow across the snapshots (oldest first), with this detector's group settings. */
    public List<GrowingThreadGroup> growingGroups(List<ThreadGroupSnapshot> snapshots) {
        return growingGroups(snapshots, groups);
    }

    /**
     * The groups that grow from the first to the newest snapshot, fastest growing first. A group absent from a
     * snapshot has 0 threads in it. Fewer than two snapshots: none.
     */
    public static List<GrowingThreadGroup> growingGroups(List<ThreadGroupSnapshot> snapshots,
                                                         GroupGrowthSettings settings) {
        if (snapshots.size() < 2) return List.of();
        List<ThreadGroupSnapshot> ordered = new ArrayList<>(snapshots);
        ordered.sort(Comparator.comparingLong(ThreadGroupSnapshot::timeMillis));
        ThreadGroupSnapshot first = ordered.get(0);
        ThreadGroupSnapshot last = ordered.get(ordered.size() - 1);
        double minutes = Math.max(1, last.timeMillis() - first.timeMillis()) / (double) TrendSettings.MINUTE_MILLIS;
        Set<String> keys = new TreeSet<>(last.countsByGroup().keySet());
        List<GrowingThreadGroup> growing = new ArrayList<>();
        int steps = ordered.size() - 1;
        for (String key : keys) {
            int firstCount = first.countsByGroup().getOrDefault(key, 0);
            int lastCount = last.countsByGroup().getOrDefault(key, 0);
            int growth = lastCount - firstCount;
            if (growth < settings.minGrowth()) continue;
            int rising = 0;
            for (int i = 1; i < ordered.size(); i++) {
                int before = ordered.get(i - 1).countsByGroup().getOrDefault(key, 0);
                int after = ordered.get(i).countsByGroup().getOrDefault(key, 0);
                if (after >= before) rising++;
            }
            if (steps >= 2 && rising < settings.minRisingStepsRatio() * steps) continue;
            growing.add(new GrowingThreadGroup(key, firstCount, lastCount, growth, growth / minutes, rising, steps));
        }
        growing.sort(Comparator.comparingInt(GrowingThreadGroup::growth).reversed()
                .thenComparing(GrowingThreadGroup::key));
        return growing.size() > settings.maxGroups() ? List.copyOf(growing.subList(0, settings.maxGroups()))
                : List.copyOf(growing);
    }
}
