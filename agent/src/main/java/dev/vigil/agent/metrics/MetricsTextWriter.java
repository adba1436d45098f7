package dev.vigil.agent.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus text 0.0.4 and OpenMetrics 1.0.0 for the families the agent registers, written straight into bytes.
 * client_java's writers put every character through a {@code BufferedWriter}, whose {@code write} takes a lock per
 * call: two thirds of the Java time of a warm {@code /metrics} request (BENCHMARKS.md). This one covers gauges,
 * counters, summaries and info families with plain names and no exemplars or timestamps ({@link #covers}); for
 * anything else the caller uses client_java's writer for the whole answer. Its tests hold it byte for byte to
 * client_java's.
 */
final class MetricsTextWriter {
    private MetricsTextWriter() {
    }

    /** Whether {@link #write} renders these snapshots exactly as client_java's writers would. */
    static boolean covers(MetricSnapshots snapshots) {
        String previousName = null;
        for (MetricSnapshot snapshot : snapshots) {
            MetricMetadata metadata = snapshot.getMetadata();
            String name = metadata.getPrometheusName();
            // client_java merges families of one name and escapes names outside the classic character set
            if (name.equals(previousName) || !name.equals(metadata.getName()) || !isPlainName(name, true)) {
                return false;
            }
            previousName = name;
            if (!(snapshot instanceof GaugeSnapshot || snapshot instanceof CounterSnapshot
                    || snapshot instanceof SummarySnapshot || snapshot instanceof InfoSnapshot)) {
                return false;
            }
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                if (point.hasScrapeTimestamp() || point.hasCreatedTimestamp() || hasExemplar(point)
                        || !hasPlainLabelNames(point.getLabels())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes what {@link #covers} accepted: OpenMetrics, ending in {@code # EOF}, or Prometheus text. */
    static void write(MetricSnapshots snapshots, boolean openMetrics, OutputStream out) throws IOException {
        Text text = new Text();
        for (MetricSnapshot snapshot : snapshots) {
            if (snapshot.getDataPoints().isEmpty()) continue; // as client_java: no family without samples
            if (snapshot instanceof GaugeSnapshot gauge) {
                writeGauge(text, gauge, openMetrics);
            } else if (snapshot instanceof CounterSnapshot counter) {
                writeCounter(text, counter, openMetrics);
            } else if (snapshot instanceof SummarySnapshot summary) {
                writeSummary(text, summary, openMetrics);
            } else if (snapshot instanceof InfoSnapshot info) {
                writeInfo(text, info, openMetrics);
            }
        }
        if (openMetrics) text.ascii("# EOF\n");
        out.write(text.bytes, 0, text.length);
    }

    private static void writeGauge(Text text, GaugeSnapshot gauge, boolean openMetrics) {
        String name = gauge.getMetadata().getPrometheusName();
        writeFamilyHead(text, gauge.getMetadata(), name, "gauge", openMetrics);
        writeSamples(text, name, gauge.getDataPoints(), GaugeSnapshot.GaugeDataPointSnapshot::getValue);
    }

    private static void writeCounter(Text text, CounterSnapshot counter, boolean openMetrics) {
        String name = counter.getMetadata().getPrometheusName();
        String sampleName = name + "_total";
        // Prometheus text names the family after its samples; OpenMetrics after the counter
        writeFamilyHead(text, counter.getMetadata(), openMetrics ? name : sampleName, "counter", openMetrics);
        writeSamples(text, sampleName, counter.getDataPoints(), CounterSnapshot.CounterDataPointSnapshot::getValue);
    }

    /** One line per point: {@code name{labels} value}. */
    private static <P extends DataPointSnapshot> void writeSamples(Text text, String sampleName, List<P> points,
                                                                   ToDoubleFunction<P> value) {
        for (P point : points) {
            text.ascii(sampleName);
            writeLabels(text, point.getLabels(), null, 0);
            text.separator().number(value.applyAsDouble(point)).newline();
        }
    }

    private static void writeSummary(Text text, SummarySnapshot summary, boolean openMetrics) {
        String name = summary.getMetadata().getPrometheusName();
        writeFamilyHead(text, summary.getMetadata(), name, "summary", openMetrics);
        for (SummarySnapshot.SummaryDataPointSnapshot point : summary.getDataPoints()) {
            for (Quantile quantile : point.getQuantiles()) {
                text.ascii(name);
                writeLabels(text, point.getLabels(), "quantile", quantile.getQuantile());
                text.separator().number(quantile.getValue()).newline();
            }
            if (point.hasCount()) {
                text.ascii(name).ascii("_count");
                writeLabels(text, point.getLabels(), null, 0);
                text.separator().number(point.getCount()).newline();
            }
            if (point.hasSum()) {
                text.ascii(name).ascii("_sum");
                writeLabels(text, point.getLabels(), null, 0);
                text.separator().number(point.getSum()).newline();
            }
        }
    }

    private static void writeInfo(Text text, InfoSnapshot info, boolean openMetrics) {
        String sampleName = info.getMetadata().getPrometheusName() + "_info";
        // OpenMetrics has an info type; Prometheus text shows the family as a gauge that is always 1
        if (openMetrics) {
            writeFamilyHead(text, info.getMetadata(), info.getMetadata().getPrometheusName(), "info", true);
        } else {
            writeFamilyHead(text, info.getMetadata(), sampleName, "gauge", false);
        }
        for (InfoSnapshot.InfoDataPointSnapshot point : info.getDataPoints()) {
            text.ascii(sampleName);
            writeLabels(text, point.getLabels(), null, 0);
            text.ascii(" 1").newline();
        }
    }

    /** OpenMetrics: TYPE, UNIT, HELP. Prometheus text: HELP, TYPE (it has no UNIT line). */
    private static void writeFamilyHead(Text text, MetricMetadata metadata, String familyName, String type,
                                        boolean openMetrics) {
        String help = metadata.getHelp();
        if (openMetrics) {
            text.ascii("# TYPE ").ascii(familyName).separator().ascii(type).newline();
            if (metadata.hasUnit()) {
                text.ascii("# UNIT ").ascii(familyName).separator().ascii(metadata.getUnit().toString()).newline();
            }
        }
        if (help != null && !help.isEmpty()) {
            text.ascii("# HELP ").ascii(familyName).separator().escaped(help, openMetrics).newline();
        }
        if (!openMetrics) text.ascii("# TYPE ").ascii(familyName).separator().ascii(type).newline();
    }

    /** {@code {a="1",b="2"}}, with {@code extraName="extraValue"} last when extraName is not null; nothing if empty. */
    private static void writeLabels(Text text, Labels labels, String extraName, double extraValue) {
        if (labels.isEmpty() && extraName == null) return;
        text.ascii("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) text.ascii(",");
            text.ascii(labels.getName(i)).ascii("=\"").escaped(labels.getValue(i), true).ascii("\"");
        }
        if (extraName != null) {
            if (!labels.isEmpty()) text.ascii(",");
            text.ascii(extraName).ascii("=\"").number(extraValue).ascii("\"");
        }
        text.ascii("}");
    }

    private static boolean hasExemplar(DataPointSnapshot point) {
        if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) return counter.getExemplar() != null;
        if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot gauge) return gauge.getExemplar() != null;
        if (point instanceof SummarySnapshot.SummaryDataPointSnapshot summary) {
            return summary.getExemplars().size() > 0;
        }
        return false;
    }

    private static boolean hasPlainLabelNames(Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.getName(i);
            if (!name.equals(labels.getPrometheusName(i)) || !isPlainName(name, false)) return false;
        }
        return true;
    }

    /** [a-zA-Z_:][a-zA-Z0-9_:]* for metric names, the same without colons for label names. */
    private static boolean isPlainName(String name, boolean colonAllowed) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!plain) return false;
        }
        return true;
    }

    /** A growing byte array with the few appends the text formats need. */
    private static final class Text {
        private byte[] bytes = new byte[16 * 1024];
        private int length;

        /** Appends a string known to need no escaping (names, types, fixed text), as UTF-8. */
        Text ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) return utf8(s); // the bytes copied so far lie beyond length: overwritten
                bytes[length + i] = (byte) c;
            }
            length += n;
            return this;
        }

        /**
         * Appends a HELP text or label value with backslash and newline escaped, and double quotes too when
         * {@code quotes} (label values always; HELP only in OpenMetrics).
         */
        Text escaped(String s, boolean quotes) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '\\' || c == '\n' || (quotes && c == '"') || c >= 0x80) {
                    return utf8(escape(s, quotes));
                }
            }
            return ascii(s);
        }

        Text number(long value) {
            if (value == Long.MIN_VALUE) return ascii(Long.toString(value));
            ensure(20);
            if (value < 0) {
                bytes[length++] = '-';
                value = -value;
            }
            int start = length;
            do {
                bytes[length++] = (byte) ('0' + value % 10);
                value /= 10;
            } while (value > 0);
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte b = bytes[i];
                bytes[i] = bytes[j];
                bytes[j] = b;
            }
            return this;
        }

        /**
         * As client_java: +Inf, -Inf, NaN, else {@link Double#toString}, which prints whole numbers below 10^7 as
         * their digits and ".0" (written here without a String).
         */
        Text number(double value) {
            if (value == Double.POSITIVE_INFINITY) return ascii("+Inf");
            if (value == Double.NEGATIVE_INFINITY) return ascii("-Inf");
            boolean wholeAndShort = value == Math.rint(value) && Math.abs(value) < 1e7
                    && !(value == 0 && Double.doubleToRawLongBits(value) != 0); // -0.0 prints its sign
            if (wholeAndShort) return number((long) value).ascii(".0");
            return ascii(Double.toString(value));
        }

        Text separator() {
            return ascii(" ");
        }

        Text newline() {
            return ascii("\n");
        }

        private Text utf8(String s) {
            byte[] encoded = s.getBytes(StandardCharsets.UTF_8);
            ensure(encoded.length);
            System.arraycopy(encoded, 0, bytes, length, encoded.length);
            length += encoded.length;
            return this;
        }

        private static String escape(String s, boolean quotes) {
            StringBuilder escaped = new StringBuilder(s.length() + 8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> escaped.append("\\\\");
                    case '\n' -> escaped.append("\\n");
                    case '"' -> escaped.append(quotes ? "\\\"" : "\"");
                    default -> escaped.append(c);
                }
            }
            return escaped.toString();
        }

        private void ensure(int more) {
            if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
