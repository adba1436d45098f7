package dev.vigil.hprof.report;

import dev.vigil.hprof.analysis.ClassHistogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** Renders a {@link ClassHistogram}: {@code {"histogram": [{"class", "instances", "shallow_bytes", "retained_bytes"?}]}}. */
public final class HistogramReport {
    private HistogramReport() {
    }

    public static void write(ClassHistogram histogram, String dumpName, int top, ReportFormat format, Appendable out) {
        try {
            switch (format) {
                case JSON: {
                    JsonWriter w = new JsonWriter(out);
                    w.beginObject().name("total").beginObject().field("objects", histogram.totalInstances())
                            .field("shallow_bytes", histogram.totalShallowBytes()).endObject();
                    w.name("histogram").beginArray();
                    List<ClassHistogram.Row> rows = histogram.rows();
                    for (int i = 0; i < Math.min(top, rows.size()); i++) {
                        ClassHistogram.Row r = rows.get(i);
                        w.beginObject().field("class", r.className()).field("instances", r.instances()).field("shallow_bytes", r.shallowBytes());
                        if (r.retainedBytes() >= 0) {
                            w.field("retained_bytes", r.retainedBytes());
                        }
                        w.endObject();
                    }
                    w.endArray().endObject();
                    out.append('\n');
                    break;
                }
                case HTML:
                    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil class histogram: ")
                            .append(ByteSizes.html(dumpName)).append("</title><style>body{font-family:system-ui,sans-serif;margin:2em}")
                            .append("table{border-collapse:collapse}td,th{padding:.25em .75em;border-bottom:1px solid #ddd;text-align:left}")
                            .append("td.n,th.n{text-align:right}</style></head><body><h1>Class histogram of ").append(ByteSizes.html(dumpName)).append("</h1>\n");
                    htmlTable(histogram, top, out);
                    out.append("</body></html>\n");
                    break;
                default:
                    text(histogram, top, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void text(ClassHistogram histogram, int top, Appendable out) throws IOException {
        List<ClassHistogram.Row> rows = histogram.rows();
        boolean retained = !rows.isEmpty() && rows.get(0).retainedBytes() >= 0;
        out.append(String.format(Locale.ROOT, "%14s %16s %16s  %s%n", "instances", "shallow bytes", retained ? "retained bytes" : "", "class"));
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            ClassHistogram.Row r = rows.get(i);
            out.append(String.format(Locale.ROOT, "%,14d %,16d %16s  %s%n", r.instances(), r.shallowBytes(),
                    retained ? String.format(Locale.ROOT, "%,d", r.retainedBytes()) : "", r.className()));
        }
        out.append(String.format(Locale.ROOT, "%,14d %,16d %16s  total (%d classes)%n", histogram.totalInstances(), histogram.totalShallowBytes(), "", rows.size()));
    }

    static void htmlTable(ClassHistogram histogram, int top, Appendable out) throws IOException {
        List<ClassHistogram.Row> rows = histogram.rows();
        boolean retained = !rows.isEmpty() && rows.get(0).retainedBytes() >= 0;
        out.append("<table><tr><th>Class</th><th class=\"n\">Instances</th><th class=\"n\">Shallow</th>")
                .append(retained ? "<th class=\"n\">Retained</th>" : "").append("</tr>\n");
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            ClassHistogram.Row r = rows.get(i);
            out.append("<tr><td><code>").append(ByteSizes.html(r.className())).append("</code></td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", r.instances())).append("</td><td class=\"n\">").append(ByteSizes.human(r.shallowBytes()))
                    .append("</td>").append(retained ? "<td class=\"n\">" + ByteSizes.human(r.retainedBytes()) + "</td>" : "").append("</tr>\n");
        }
        out.append("</table>\n");
    }
}
