package dev.vigil.core.histogram;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Live instances and shallow bytes per class at one moment, as {@code jcmd GC.class_histogram} (DiagnosticCommand
 * {@code gcClassHistogram}) prints them. Class names are in Java source form ({@code byte[]},
 * {@code java.lang.String[]}), the form heap dump analysis and the rest of Vigil use.
 */
public record ClassHistogram(long takenMillis, Map<String, Counts> byClass) {

    /** Instances and shallow bytes of one class. */
    public record Counts(long instances, long bytes) {
    }

    /** Classes beyond this are dropped (smallest first, as the histogram is sorted by bytes). */
    public static final int MAX_CLASSES = 20_000;

    public ClassHistogram {
        byClass = Collections.unmodifiableMap(byClass);
    }

    /**
     * Parses the text of {@code GC.class_histogram}. Lines that are not histogram rows (the header, the dashes, the
     * Total line) are skipped; so is anything malformed, so that a format change loses rows rather than failing.
     */
    public static ClassHistogram parse(String text, long takenMillis) {
        Map<String, Counts> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            if (byClass.size() >= MAX_CLASSES) break;
            String[] f = line.trim().split("\\s+");
            // "1:  12345  1234567  [B (java.base@17.0.15)"
            if (f.length < 4 || !f[0].endsWith(":")) continue;
            try {
                long instances = Long.parseLong(f[1]);
                long bytes = Long.parseLong(f[2]);
                byClass.merge(sourceName(f[3]), new Counts(instances, bytes),
                        (a, b) -> new Counts(a.instances() + b.instances(), a.bytes() + b.bytes()));
            } catch (NumberFormatException ignored) {
                // not a row
            }
        }
        return new ClassHistogram(takenMillis, byClass);
    }

    /** {@code [B} → {@code byte[]}, {@code [[Ljava.lang.String;} → {@code java.lang.String[][]}. */
    public static String sourceName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') dims++;
        if (dims == 0) return jvmName;
        String element = jvmName.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1) : element;
        };
        return base + "[]".repeat(dims);
    }

    public long totalBytes() {
        long total = 0;
        for (Counts c : byClass.values()) total += c.bytes();
        return total;
    }
}
