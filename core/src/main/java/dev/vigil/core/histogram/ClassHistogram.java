package dev.vigil.core.histogram;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Live instances and shallow bytes per class at one moment, as {@code jcmd GC.class_histogram} (DiagnosticCommand
 * {@code gcClassHistogram}) prints them. Class names are in Java source form ({@code byte[]},
 * {@code java.lang.String[]}), the form heap dump analysis and the rest of Vigil use.
 *
 * <p>The agent keeps several of these while it attributes a growing heap, and every later histogram counts the
 * earlier ones. So the map is held in Vigil's own classes only (rows sorted by name, no {@code HashMap$Node} per
 * class) and the names are interned (shared by every histogram): what Vigil keeps grows only in classes that suspect
 * lists leave out, never in {@code String}, {@code byte[]} or {@code HashMap$Node}, which a host's leak shows.
 */
public record ClassHistogram(long takenMillis, Map<String, Counts> byClass) {

    /** Instances and shallow bytes of one class. */
    public record Counts(long instances, long bytes) {
    }

    /** Classes beyond this are dropped (smallest first, as the histogram is sorted by bytes). */
    public static final int MAX_CLASSES = 20_000;

    public ClassHistogram {
        byClass = new RowsByName(byClass);
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

    /** One class's counts; a map entry of its own type so that iterating the map allocates nothing. */
    private static final class Row implements Map.Entry<String, Counts> {
        private final String name;
        private final Counts counts;

        Row(String name, Counts counts) {
            this.name = name;
            this.counts = counts;
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public Counts getValue() {
            return counts;
        }

        @Override
        public Counts setValue(Counts value) {
            throw new UnsupportedOperationException("a histogram is read-only");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && name.equals(e.getKey()) && counts.equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ counts.hashCode(); // as Map.Entry specifies
        }

        @Override
        public String toString() {
            return name + "=" + counts;
        }
    }

    /** A read-only map over rows sorted by class name; lookups by binary search. */
    private static final class RowsByName extends AbstractMap<String, Counts> {
        private final Row[] rows;

        RowsByName(Map<String, Counts> source) {
            Row[] r = new Row[source.size()];
            int i = 0;
            for (Map.Entry<String, Counts> e : source.entrySet()) {
                r[i++] = new Row(e.getKey().intern(), Objects.requireNonNull(e.getValue()));
            }
            Arrays.sort(r, Comparator.comparing(Row::getKey));
            rows = r;
        }

        private int indexOf(Object key) {
            if (!(key instanceof String name)) return -1;
            int lo = 0, hi = rows.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = rows[mid].name.compareTo(name);
                if (c == 0) return mid;
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
            return -1;
        }

        @Override
        public Counts get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : rows[i].counts;
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return rows.length;
        }

        @Override
        public Set<Entry<String, Counts>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Counts>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < rows.length;
                        }

                        @Override
                        public Entry<String, Counts> next() {
                            if (next >= rows.length) throw new NoSuchElementException();
                            return rows[next++];
                        }
                    };
                }

                @Override
                public int size() {
                    return rows.length;
                }
            };
        }
    }

    public long totalBytes() {
        long total = 0;
        for (Counts c : byClass.values()) total += c.bytes();
        return total;
    }
}
