package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Class (class-loader) leaks: the trend of {@code classes.loaded} (currently loaded classes). A class-loader leak
 * shows as loaded classes growing while {@code classes.unloaded_total} stays flat: each redeploy or generated
 * class loader stays reachable and keeps all its classes. When classes are unloaded too but more slowly, the
 * evidence says so. A single step (a deploy loads more classes once) levels off and ends ok.
 */
public final class ClassLoaderLeakDetector {
    private static final ReasonText NONE_UNLOADED = ReasonText.of(
            "no classes were unloaded meanwhile: class loaders stay reachable (a class-loader leak)");

    private final ResourceTrendDetector trend;
    private final TrendSettings settings;

    public ClassLoaderLeakDetector(TrendSettings trend, HysteresisSettings hysteresis) {
        this.settings = trend;
        this.trend = new ResourceTrendDetector(LeakResource.CLASSES, trend, hysteresis);
    }

    public static ClassLoaderLeakDetector withDefaults() {
        DetectorSettings d = DetectorSettings.defaults();
        return new ClassLoaderLeakDetector(d.trend(LeakResource.CLASSES), d.hysteresis());
    }

    /**
     * @param loaded         snapshot of {@code classes.loaded}
     * @param unloadedTotal  snapshot of {@code classes.unloaded_total}; may be null
     */
    public LeakFinding evaluate(Series.Points loaded, Series.Points unloadedTotal, LeakFinding previous,
                                long nowMillis) {
        TrendAssessment a = GrowthTrend.assess(loaded, settings, LeakUnit.CLASSES, nowMillis);
        Map<String, Object> details = new LinkedHashMap<>();
        ReasonText suffix = null;
        if (a.fit() != null && unloadedTotal != null) {
            double[] change = change(unloadedTotal, a.fromMillis(), a.toMillis());
            if (change != null) {
                double perMinute = change[1] > 0 ? change[0] / change[1] : 0;
                details.put("unloaded_in_window", change[0]);
                details.put("unloaded_per_minute", perMinute);
                boolean flat = change[0] <= Math.max(0, 0.01 * Math.max(0, a.growthOverWindow()));
                details.put("unloaded_flat", flat);
                if (a.verdict() == TrendVerdict.GROWING) {
                    suffix = flat ? NONE_UNLOADED : ReasonText.writtenBy(() -> "classes are unloaded too ("
                            + UnitFormat.fixed(perMinute, 1) + "/min) but more slowly than they are loaded");
                }
            }
        }
        return trend.toFinding(a, "classes.loaded", null, null, null, details, suffix, previous, nowMillis);
    }

    /** {value change, minutes} of a cumulative counter between from and to, or null without two points. */
    private static double[] change(Series.Points p, long from, long to) {
        long firstT = Long.MAX_VALUE;
        long lastT = Long.MIN_VALUE;
        double firstV = 0;
        double lastV = 0;
        for (int i = 0; i < p.size(); i++) {
            long t = p.timesMillis()[i];
            if (t < from || t > to) continue;
            if (t < firstT) {
                firstT = t;
                firstV = p.values()[i];
            }
            if (t > lastT) {
                lastT = t;
                lastV = p.values()[i];
            }
        }
        if (firstT == Long.MAX_VALUE || firstT == lastT) return null;
        return new double[]{lastV - firstV, (lastT - firstT) / (double) TrendSettings.MINUTE_MILLIS};
    }
}
