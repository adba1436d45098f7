package dev.vigil.core.leak;

import dev.vigil.core.series.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

/** Deterministic synthetic series for detector tests; time in minutes from {@link #START}. */
final class Synthetic {
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long MINUTE = 60_000L;
    static final double MIB = 1024.0 * 1024.0;

    private Synthetic() {
    }

    static long at(double minutes) {
        return START + Math.round(minutes * MINUTE);
    }

    /** A point every {@code intervalMillis} for {@code minutes}, value = f(minute) + gaussian noise of sd. */
    static Series.Points regular(double minutes, long intervalMillis, DoubleUnaryOperator f, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = (int) (minutes * MINUTE / intervalMillis) + 1;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = START + i * intervalMillis;
            double m = (t[i] - START) / (double) MINUTE;
            v[i] = f.applyAsDouble(m) + sd * gaussian(r);
        }
        return new Series.Points(t, v);
    }

    /**
     * After-GC usage of an old pool at irregular GC times (every 1 to {@code maxGapSeconds} s): live(minute) plus
     * garbage promoted by young collections (uniform 0..{@code promotedPerGc} per GC) that a mixed/full collection
     * clears back to a small residue once it exceeds a random level between half and all of {@code sawtoothBytes}.
     */
    static Series.Points afterGc(double minutes, DoubleUnaryOperator live, double promotedPerGc, double sawtoothBytes,
                                 double residueBytes, int maxGapSeconds, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<long[]> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double garbage = 0;
        double nextMixed = sawtoothBytes * (0.5 + 0.5 * r.nextDouble());
        long t = START + 500;
        long end = START + Math.round(minutes * MINUTE);
        while (t <= end) {
            double m = (t - START) / (double) MINUTE;
            garbage += promotedPerGc * r.nextDouble();
            if (garbage >= nextMixed) {
                garbage = residueBytes * r.nextDouble();
                nextMixed = sawtoothBytes * (0.5 + 0.5 * r.nextDouble());
            }
            times.add(new long[]{t});
            values.add(live.applyAsDouble(m) + garbage);
            t += 1000 + r.nextInt(Math.max(1, maxGapSeconds - 1) * 1000 + 1);
        }
        long[] tt = new long[times.size()];
        double[] vv = new double[times.size()];
        for (int i = 0; i < tt.length; i++) {
            tt[i] = times.get(i)[0];
            vv[i] = values.get(i);
        }
        return new Series.Points(tt, vv);
    }

    /** The points at or before {@code nowMillis}, as the store would hold them then. */
    static Series.Points upTo(Series.Points p, long nowMillis) {
        int n = 0;
        while (n < p.size() && p.timesMillis()[n] <= nowMillis) n++;
        return new Series.Points(Arrays.copyOf(p.timesMillis(), n), Arrays.copyOf(p.values(), n));
    }

    static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Runs a detector every {@code everySeconds} from the first minute to {@code minutes}, passing the previous. */
    static List<LeakFinding> rounds(double minutes, int everySeconds,
                                    BiFunction<Long, LeakFinding, LeakFinding> detector) {
        List<LeakFinding> out = new ArrayList<>();
        LeakFinding previous = null;
        for (long now = START + everySeconds * 1000L; now <= START + Math.round(minutes * MINUTE);
             now += everySeconds * 1000L) {
            previous = detector.apply(now, previous);
            out.add(previous);
        }
        return out;
    }

    /** Minute of the first finding with at least this status, or NaN. */
    static double firstMinute(List<LeakFinding> findings, LeakStatus atLeast) {
        for (LeakFinding f : findings) {
            if (f.status().ordinal() >= atLeast.ordinal()) return (f.evaluatedAtMillis() - START) / (double) MINUTE;
        }
        return Double.NaN;
    }

    static LeakStatus worst(List<LeakFinding> findings) {
        return LeakStatus.worst(findings);
    }

    static LeakFinding last(List<LeakFinding> findings) {
        return findings.get(findings.size() - 1);
    }

    /** Status timeline, compressed: "ok@0.5 suspected@10.5 leaking@20.5". */
    static String timeline(List<LeakFinding> findings) {
        StringBuilder sb = new StringBuilder();
        LeakStatus s = null;
        for (LeakFinding f : findings) {
            if (f.status() != s) {
                s = f.status();
                sb.append(s.id()).append('@')
                        .append(String.format(java.util.Locale.ROOT, "%.1f",
                                (f.evaluatedAtMillis() - START) / (double) MINUTE))
                        .append(' ');
            }
        }
        return sb.toString().trim() + " | last: " + last(findings).evidence().reason();
    }
}
