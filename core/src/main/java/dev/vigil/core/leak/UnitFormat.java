package dev.vigil.core.leak;

import java.util.Locale;

/** Human-readable quantities for reason sentences: "1.5 MiB", "12 threads". */
final class UnitFormat {
    private UnitFormat() {
    }

    static String amount(double value, LeakUnit unit) {
        if (unit == LeakUnit.BYTES) return bytes(value);
        String name = unit.id();
        double abs = Math.abs(value);
        String number = abs >= 100 || abs == Math.rint(abs) ? String.format(Locale.ROOT, "%.0f", value)
                : abs >= 1 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
        return number + " " + name;
    }

    static String bytes(double value) {
        double abs = Math.abs(value);
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = value;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 || abs == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }

    static String rate(double perMinute, LeakUnit unit) {
        return amount(perMinute, unit) + "/min";
    }

    static String duration(long millis) {
        long minutes = Math.round(millis / 60_000.0);
        if (minutes < 120) return minutes + " min";
        if (minutes < 48 * 60) return String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
        return String.format(Locale.ROOT, "%.1f days", minutes / 1440.0);
    }

    static String pValue(double p) {
        if (p < 0.001) return "p < 0.001";
        return String.format(Locale.ROOT, "p = %.3f", p);
    }
}
