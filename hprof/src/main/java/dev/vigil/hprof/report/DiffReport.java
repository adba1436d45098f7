package dev.vigil.hprof.report;

import dev.vigil.hprof.analysis.HeapDiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** Renders a {@link HeapDiff}: {@code {"total": {...}, "classes": [...], "grown_dominator_paths": [...]}}. */
public final class DiffReport {
    private DiffReport() {
    }

    public static void write(HeapDiff diff, String baseName, String currentName, int top, ReportFormat format, Appendable out) {
        try {
            List<HeapDiff.ClassDelta> classes = diff.classes().subList(0, Math.min(top, diff.classes().size()));
            List<HeapDiff.PathDelta> paths = diff.grownDominatorPaths().subList(0, Math.min(top, diff.grownDominatorPaths().size()));
            long objectsDelta = diff.current().objects() - diff.base().objects();
            long bytesDelta = diff.current().shallowBytes() - diff.base().shallowBytes();
            switch (format) {
                case JSON: {
                    JsonWriter w = new JsonWriter(out);
                    w.beginObject().name("total").beginObject().field("objects_delta", objectsDelta).field("shallow_bytes_delta", bytesDelta)
                            .field("base_objects", diff.base().objects()).field("current_objects", diff.current().objects()).endObject();
                    w.name("classes").beginArray();
                    for (HeapDiff.ClassDelta d : classes) {
                        w.beginObject().field("class", d.className()).field("instances_delta", d.instancesDelta())
                                .field("shallow_bytes_delta", d.shallowBytesDelta()).field("retained_bytes_delta", d.retainedBytesDelta()).endObject();
                    }
                    w.endArray().name("grown_dominator_paths").beginArray();
                    for (HeapDiff.PathDelta p : paths) {
                        w.beginObject().field("path", p.path()).field("retained_bytes_delta", p.retainedBytesDelta())
                                .field("base_retained_bytes", p.baseRetainedBytes()).field("current_retained_bytes", p.currentRetainedBytes()).endObject();
                    }
                    w.endArray().endObject();
                    out.append('\n');
                    break;
                }
                case HTML: {
                    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigil heap diff</title><style>")
                            .append("body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.25em .75em;border-bottom:1px solid #ddd;text-align:left}")
                            .append("td.n,th.n{text-align:right}</style></head><body>")
                            .append("<h1>Heap diff: ").append(ByteSizes.html(baseName)).append(" → ").append(ByteSizes.html(currentName)).append("</h1>\n")
                            .append(String.format(Locale.ROOT, "<p>%+,d objects, %s shallow.</p>%n", objectsDelta, ByteSizes.human(bytesDelta)))
                            .append("<h2>Dominator paths that grew</h2><table><tr><th>Path</th><th class=\"n\">Growth</th><th class=\"n\">Now</th></tr>\n");
                    for (HeapDiff.PathDelta p : paths) {
                        out.append("<tr><td><code>").append(ByteSizes.html(p.path())).append("</code></td><td class=\"n\">").append(ByteSizes.human(p.retainedBytesDelta()))
                                .append("</td><td class=\"n\">").append(ByteSizes.human(p.currentRetainedBytes())).append("</td></tr>\n");
                    }
                    out.append("</table><h2>Classes</h2><table><tr><th>Class</th><th class=\"n\">Instances Δ</th><th class=\"n\">Shallow Δ</th><th class=\"n\">Retained Δ</th></tr>\n");
                    for (HeapDiff.ClassDelta d : classes) {
                        out.append("<tr><td><code>").append(ByteSizes.html(d.className())).append("</code></td><td class=\"n\">")
                                .append(String.format(Locale.ROOT, "%+,d", d.instancesDelta())).append("</td><td class=\"n\">").append(ByteSizes.human(d.shallowBytesDelta()))
                                .append("</td><td class=\"n\">").append(ByteSizes.human(d.retainedBytesDelta())).append("</td></tr>\n");
                    }
                    out.append("</table></body></html>\n");
                    break;
                }
                default: {
                    out.append("Heap diff ").append(baseName).append(" -> ").append(currentName).append('\n');
                    out.append(String.format(Locale.ROOT, "%+,d objects, %s shallow%n%n", objectsDelta, ByteSizes.human(bytesDelta)));
                    out.append("Dominator paths that grew\n");
                    for (HeapDiff.PathDelta p : paths) {
                        out.append(String.format(Locale.ROOT, "  %12s  (now %s)  %s%n", "+" + ByteSizes.human(p.retainedBytesDelta()),
                                ByteSizes.human(p.currentRetainedBytes()), p.path()));
                    }
                    out.append('\n').append(String.format(Locale.ROOT, "%14s %16s %16s  %s%n", "instances Δ", "shallow bytes Δ", "retained bytes Δ", "class"));
                    for (HeapDiff.ClassDelta d : classes) {
                        out.append(String.format(Locale.ROOT, "%+,14d %+,16d %+,16d  %s%n", d.instancesDelta(), d.shallowBytesDelta(), d.retainedBytesDelta(), d.className()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
