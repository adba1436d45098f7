package dev.vigil.hprof.report;

import java.util.Locale;

/** Human-readable byte counts for text and HTML reports ("1.5 MiB"). */
final class ByteSizes {
    private ByteSizes() {
    }

    static String human(long bytes) {
        double b = Math.abs(bytes);
        String sign = bytes < 0 ? "-" : "";
        if (b < 1024) return sign + (long) b + " B";
        if (b < 1024 * 1024) return sign + String.format(Locale.ROOT, "%.1f KiB", b / 1024);
        if (b < 1024L * 1024 * 1024) return sign + String.format(Locale.ROOT, "%.1f MiB", b / (1024 * 1024));
        return sign + String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
    }

    static String html(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }
}
