package dev.vigil.core.leak;

import java.util.Locale;

/**
 * Human-readable quantities for reason sentences: "1.5 MiB", "12 threads". The detectors write these sentences
 * every round inside the host JVM, so numbers are formatted here without {@code String.format}: the JDK's
 * Formatter runs regex, stream and DecimalFormatSymbols code that the host's own hot paths share, and the agent
 * calling it every few seconds changed how C2 compiled the host's code (BENCHMARKS.md, "Where the overhead went").
 */
final class UnitFormat {
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000};
    /** Above this, value × 10^decimals no longer fits a long exactly enough: the JDK's formatter takes over. */
    private static final double LARGEST_SCALED = 1e15;

    private UnitFormat() {
    }

    /**
     * {@code value} with {@code decimals} (0–4) digits after the point, rounded half up, as
     * {@code String.format(Locale.ROOT, "%.Nf", value)} writes it, except that nothing that rounds to zero gets a
     * minus sign.
     */
    static String fixed(double value, int decimals) {
        if (decimals < 0 || decimals >= POWERS_OF_TEN.length) {
            throw new IllegalArgumentException("decimals must be 0 to " + (POWERS_OF_TEN.length - 1) + ": " + decimals);
        }
        long scale = POWERS_OF_TEN[decimals];
        double abs = Math.abs(value);
        if (Double.isNaN(value) || Double.isInfinite(value) || abs * scale >= LARGEST_SCALED) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        long scaled = Math.round(abs * scale);
        StringBuilder out = new StringBuilder(24);
        if (value < 0 && scaled > 0) out.append('-');
        out.append(scaled / scale);
        if (decimals > 0) {
            String fraction = Long.toString(scaled % scale + scale); // leading 1 keeps the zeros: 1005 -> "005"
            out.append('.').append(fraction, 1, fraction.length());
        }
        return out.toString();
    }

    /** {@code fraction} as a whole percentage: 0.874 -> "87%". */
    static String percent(double fraction) {
        return fixed(fraction * 100, 0) + "%";
    }

    static String amount(double value, LeakUnit unit) {
        if (unit == LeakUnit.BYTES) return bytes(value);
        String name = unit.id();
        double abs = Math.abs(value);
        String number = fixed(value, abs >= 100 || abs == Math.rint(abs) ? 0 : abs >= 1 ? 1 : 2);
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
        return fixed(v, u == 0 || abs == 0 ? 0 : 1) + " " + units[u];
    }

    static String rate(double perMinute, LeakUnit unit) {
        return amount(perMinute, unit) + "/min";
    }

    static String duration(long millis) {
        long minutes = Math.round(millis / 60_000.0);
        if (minutes < 120) return minutes + " min";
        if (minutes < 48 * 60) return fixed(minutes / 60.0, 1) + " h";
        return fixed(minutes / 1440.0, 1) + " days";
    }

    static String pValue(double p) {
        if (p < 0.001) return "p < 0.001";
        return "p = " + fixed(p, 3);
    }
}
