package dev.vigil.hprof.report;

import dev.vigil.hprof.analysis.ClassHistogram;
import dev.vigil.hprof.analysis.HeapAnalysis;
import dev.vigil.hprof.analysis.LeakSuspect;
import dev.vigil.hprof.analysis.WastedMemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link HeapAnalysis} as text, JSON or one self-contained HTML page. The JSON shape is a
 * public contract (see the module README): {@code total}, {@code suspects}, {@code dominators},
 * {@code histogram}, plus {@code waste}.
 */
public final class AnalysisReport {
    private AnalysisReport() {
    }

    public static void write(HeapAnalysis analysis, String dumpName, int top, ReportFormat format, Appendable out) {
        try {
            switch (format) {
                case JSON: json(analysis, top, out); break;
                case HTML: html(analysis, dumpName, top, out); break;
                default: text(analysis, dumpName, top, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void json(HeapAnalysis a, int top, Appendable out) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("total").beginObject()
                .field("objects", a.reachableObjects())
                .field("shallow_bytes", a.reachableShallowBytes())
                .field("unreachable_objects", a.unreachableObjects())
                .field("unreachable_shallow_bytes", a.unreachableShallowBytes())
                .endObject();
        w.name("suspects").beginArray();
        for (LeakSuspect s : a.suspects()) {
            w.beginObject()
                    .field("kind", s.kind().jsonName())
                    .field("class", s.className())
                    .field("instances", s.instances())
                    .field("retained_bytes", s.retainedBytes())
                    .field("retained_percent", s.retainedPercent());
            if (s.objectId() != null) {
                w.field("id", s.objectId());
            }
            w.name("path_to_gc_root").beginArray();
            for (String step : s.pathToGcRoot()) {
                w.value(step);
            }
            w.endArray();
            w.name("accumulation_point").beginObject()
                    .field("class", s.accumulationPointClass())
                    .field("id", s.accumulationPointId())
                    .field("retained_bytes", s.accumulationPointRetainedBytes())
                    .endObject();
            w.endObject();
        }
        w.endArray();
        w.name("dominators").beginArray();
        for (HeapAnalysis.Dominator d : a.biggestDominators(top)) {
            w.beginObject().field("class", d.className()).field("id", d.id()).field("retained_bytes", d.retainedBytes()).endObject();
        }
        w.endArray();
        w.name("histogram").beginArray();
        List<ClassHistogram.Row> rows = a.histogram().rows();
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            ClassHistogram.Row r = rows.get(i);
            w.beginObject().field("class", r.className()).field("instances", r.instances())
                    .field("shallow_bytes", r.shallowBytes()).field("retained_bytes", r.retainedBytes()).endObject();
        }
        w.endArray();
        WastedMemory waste = a.waste();
        if (waste != null) {
            w.name("waste").beginObject();
            w.field("duplicate_strings", waste.duplicateStringCount()).field("duplicate_string_wasted_bytes", waste.duplicateStringWastedBytes());
            w.name("top_duplicate_strings").beginArray();
            for (WastedMemory.DuplicateString d : waste.topDuplicateStrings()) {
                w.beginObject().field("value", d.value()).field("copies", d.copies()).field("wasted_bytes", d.wastedBytes()).endObject();
            }
            w.endArray();
            w.name("empty_collections").beginArray();
            for (WastedMemory.EmptyCollections e : waste.emptyCollections()) {
                w.beginObject().field("class", e.className()).field("instances", e.instances()).field("retained_bytes", e.retainedBytes()).endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endObject();
        out.append('\n');
    }

    static void text(HeapAnalysis a, String dumpName, int top, Appendable out) throws IOException {
        out.append("Heap dump ").append(dumpName).append('\n');
        out.append(String.format(Locale.ROOT, "Reachable: %,d objects, %s shallow (%,d unreachable objects, %s, set aside)%n",
                a.reachableObjects(), ByteSizes.human(a.reachableShallowBytes()), a.unreachableObjects(), ByteSizes.human(a.unreachableShallowBytes())));
        out.append('\n').append("Leak suspects").append('\n');
        if (a.suspects().isEmpty()) {
            out.append("  none: no object or class group retains more than the threshold share of the heap\n");
        }
        int n = 1;
        for (LeakSuspect s : a.suspects()) {
            out.append(String.format(Locale.ROOT, "  %d. %s %s retains %s (%.1f%% of the heap)%s%n", n++,
                    s.kind() == LeakSuspect.Kind.OBJECT ? "One" : s.instances() + " instances of",
                    s.className(), ByteSizes.human(s.retainedBytes()), s.retainedPercent(),
                    s.objectId() == null ? "" : " [" + s.objectId() + "]"));
            out.append(String.format(Locale.ROOT, "     accumulated in %s %s retaining %s%n", s.accumulationPointClass(),
                    s.accumulationPointId(), ByteSizes.human(s.accumulationPointRetainedBytes())));
            out.append("     path from GC root:\n");
            for (String step : s.pathToGcRoot()) {
                out.append("       ").append(step).append('\n');
            }
        }
        out.append('\n').append("Biggest dominators").append('\n');
        for (HeapAnalysis.Dominator d : a.biggestDominators(top)) {
            out.append(String.format(Locale.ROOT, "  %12s  %s %s%n", ByteSizes.human(d.retainedBytes()), d.className(), d.id()));
        }
        WastedMemory waste = a.waste();
        if (waste != null) {
            out.append('\n').append("Waste").append('\n');
            out.append(String.format(Locale.ROOT, "  %,d duplicate strings waste %s%n", waste.duplicateStringCount(), ByteSizes.human(waste.duplicateStringWastedBytes())));
            for (WastedMemory.DuplicateString d : waste.topDuplicateStrings()) {
                out.append(String.format(Locale.ROOT, "    %,6d copies, %s: \"%s\"%n", d.copies(), ByteSizes.human(d.wastedBytes()), d.value()));
            }
            for (WastedMemory.EmptyCollections e : waste.emptyCollections()) {
                out.append(String.format(Locale.ROOT, "  %,d empty %s retain %s%n", e.instances(), e.className(), ByteSizes.human(e.retainedBytes())));
            }
        }
        out.append('\n');
        HistogramReport.text(a.histogram(), top, out);
    }

    static void html(HeapAnalysis a, String dumpName, int top, Appendable out) throws IOException {
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil heap analysis: ")
                .append(ByteSizes.html(dumpName)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:72em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{padding:.25em .75em;border-bottom:1px solid #ddd;text-align:left}")
                .append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.suspect{border-left:4px solid #c33;padding:.5em 1em;margin:1em 0;background:#fdf3f3}")
                .append("ol.path{font-family:monospace;font-size:.9em}code{font-size:.95em}</style></head><body>\n");
        out.append("<h1>Heap analysis of ").append(ByteSizes.html(dumpName)).append("</h1>\n");
        out.append(String.format(Locale.ROOT, "<p>%,d reachable objects, %s shallow. %,d unreachable objects (%s) set aside.</p>%n",
                a.reachableObjects(), ByteSizes.human(a.reachableShallowBytes()), a.unreachableObjects(), ByteSizes.human(a.unreachableShallowBytes())));
        out.append("<h2>Leak suspects</h2>\n");
        if (a.suspects().isEmpty()) {
            out.append("<p>None: no object or class group retains more than the threshold share of the heap.</p>\n");
        }
        int n = 1;
        for (LeakSuspect s : a.suspects()) {
            out.append("<div class=\"suspect\"><h3>Suspect ").append(String.valueOf(n++)).append("</h3><p>")
                    .append(s.kind() == LeakSuspect.Kind.OBJECT ? "One " : s.instances() + " instances of ")
                    .append("<code>").append(ByteSizes.html(s.className())).append("</code>")
                    .append(s.objectId() == null ? "" : " <code>" + s.objectId() + "</code>")
                    .append(String.format(Locale.ROOT, " retain <b>%s</b> (%.1f%% of the heap).</p>", ByteSizes.human(s.retainedBytes()), s.retainedPercent()))
                    .append("<p>The memory is accumulated in <code>").append(ByteSizes.html(s.accumulationPointClass())).append("</code> <code>")
                    .append(s.accumulationPointId()).append("</code>, retaining <b>").append(ByteSizes.human(s.accumulationPointRetainedBytes()))
                    .append("</b>.</p><p>Shortest path from a GC root:</p><ol class=\"path\">");
            for (String step : s.pathToGcRoot()) {
                out.append("<li>").append(ByteSizes.html(step)).append("</li>");
            }
            out.append("</ol></div>\n");
        }
        out.append("<h2>Biggest dominators</h2>\n<table><tr><th>Class</th><th>Id</th><th class=\"n\">Retained</th></tr>\n");
        for (HeapAnalysis.Dominator d : a.biggestDominators(top)) {
            out.append("<tr><td><code>").append(ByteSizes.html(d.className())).append("</code></td><td><code>").append(d.id())
                    .append("</code></td><td class=\"n\">").append(ByteSizes.human(d.retainedBytes())).append("</td></tr>\n");
        }
        out.append("</table>\n");
        WastedMemory waste = a.waste();
        if (waste != null) {
            out.append("<h2>Waste</h2>\n").append(String.format(Locale.ROOT, "<p>%,d duplicate strings waste %s.</p>%n",
                    waste.duplicateStringCount(), ByteSizes.human(waste.duplicateStringWastedBytes())));
            out.append("<table><tr><th>Duplicated string</th><th class=\"n\">Copies</th><th class=\"n\">Wasted</th></tr>\n");
            for (WastedMemory.DuplicateString d : waste.topDuplicateStrings()) {
                out.append("<tr><td><code>").append(ByteSizes.html(d.value())).append("</code></td><td class=\"n\">").append(String.valueOf(d.copies()))
                        .append("</td><td class=\"n\">").append(ByteSizes.human(d.wastedBytes())).append("</td></tr>\n");
            }
            out.append("</table>\n<table><tr><th>Empty collection class</th><th class=\"n\">Instances</th><th class=\"n\">Retained</th></tr>\n");
            for (WastedMemory.EmptyCollections e : waste.emptyCollections()) {
                out.append("<tr><td><code>").append(ByteSizes.html(e.className())).append("</code></td><td class=\"n\">").append(String.valueOf(e.instances()))
                        .append("</td><td class=\"n\">").append(ByteSizes.human(e.retainedBytes())).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        out.append("<h2>Class histogram</h2>\n");
        HistogramReport.htmlTable(a.histogram(), top, out);
        out.append("</body></html>\n");
    }
}
