package dev.vigil.core.histogram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which classes keep growing across live class histograms taken some minutes apart: the suspects of a heap leak.
 * A class qualifies when its live bytes grew between most consecutive histograms (not just once, which a cache
 * warming up or a burst would do) and grew overall by a meaningful amount.
 */
public final class GrowingClasses {
    /** A class that grew, with its growth from the first to the last histogram. */
    public record Growth(String className, long instancesDelta, long bytesDelta, long instancesNow, long bytesNow,
                         int intervalsGrown, int intervals) {
    }

    /**
     * @param minBytesDelta ignore classes that grew by less than this in total
     * @param minGrowingShare the share of intervals in which the class must have grown (e.g. 0.66)
     * @param limit at most this many classes, biggest byte growth first
     */
    public static List<Growth> find(List<ClassHistogram> histograms, long minBytesDelta, double minGrowingShare,
                                    int limit) {
        if (histograms.size() < 2) return List.of();
        ClassHistogram first = histograms.get(0);
        ClassHistogram last = histograms.get(histograms.size() - 1);
        int intervals = histograms.size() - 1;
        List<Growth> grown = new ArrayList<>();
        for (Map.Entry<String, ClassHistogram.Counts> e : last.byClass().entrySet()) {
            String name = e.getKey();
            ClassHistogram.Counts now = e.getValue();
            ClassHistogram.Counts then = first.byClass().getOrDefault(name, new ClassHistogram.Counts(0, 0));
            long bytesDelta = now.bytes() - then.bytes();
            if (bytesDelta < minBytesDelta) continue;
            int grew = 0;
            for (int i = 1; i < histograms.size(); i++) {
                long before = bytesOf(histograms.get(i - 1), name);
                long after = bytesOf(histograms.get(i), name);
                if (after > before) grew++;
            }
            if (grew < Math.ceil(minGrowingShare * intervals)) continue;
            grown.add(new Growth(name, now.instances() - then.instances(), bytesDelta, now.instances(), now.bytes(),
                    grew, intervals));
        }
        grown.sort(Comparator.comparingLong(Growth::bytesDelta).reversed());
        return grown.size() > limit ? List.copyOf(grown.subList(0, limit)) : List.copyOf(grown);
    }

    private static long bytesOf(ClassHistogram h, String name) {
        ClassHistogram.Counts c = h.byClass().get(name);
        return c == null ? 0 : c.bytes();
    }

    private GrowingClasses() {
    }
}
