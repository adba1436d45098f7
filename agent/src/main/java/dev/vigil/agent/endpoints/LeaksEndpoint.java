package dev.vigil.agent.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.agent.server.HttpProblem;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /debug/leaks}: the leak verdicts. JSON by default (the documented contract), {@code ?format=text} for a
 * terminal, {@code ?format=html} for a browser.
 */
public final class LeaksEndpoint implements Endpoint {
    private final Supplier<Map<String, Object>> document;
    private final ObjectMapper mapper;

    /** @param document the JSON contract's map, read at each request (see {@code LeakMonitor.toMap}) */
    public LeaksEndpoint(Supplier<Map<String, Object>> document, ObjectMapper mapper) {
        this.document = document;
        this.mapper = mapper;
    }

    @Override
    public void handle(DebugExchange exchange) throws IOException {
        String format = exchange.param("format");
        Map<String, Object> leaks = document.get();
        if (format == null || format.equals("json")) {
            exchange.sendBytes(200, "application/json; charset=utf-8",
                    mapper.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(leaks));
        } else if (format.equals("text")) {
            exchange.sendText(200, "text/plain; charset=utf-8", text(leaks));
        } else if (format.equals("html")) {
            exchange.sendText(200, "text/html; charset=utf-8", html(leaks));
        } else {
            throw new HttpProblem(400, "format must be json, text or html, not '" + format + "'");
        }
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> leaks) {
        StringBuilder b = new StringBuilder();
        b.append("leak status: ").append(leaks.get("status")).append("   (evaluated ")
                .append(leaks.get("evaluated_at")).append(")\n");
        for (Map<String, Object> f : (List<Map<String, Object>>) leaks.get("findings")) {
            b.append('\n').append(f.get("resource")).append(": ").append(String.valueOf(f.get("status"))
                    .toUpperCase(java.util.Locale.ROOT)).append(String.format(java.util.Locale.ROOT,
                    "  growth %.1f %s/min, confidence %.3f", (Double) f.get("growth_per_minute"), f.get("unit"),
                    (Double) f.get("confidence")));
            if (f.get("projected_exhaustion") != null) {
                b.append(", exhausted around ").append(f.get("projected_exhaustion"));
            }
            b.append("\n  why: ").append(((Map<String, Object>) f.get("evidence")).get("reason")).append('\n');
            for (Map<String, Object> s : (List<Map<String, Object>>) f.get("suspects")) {
                b.append("  suspect ").append(s.get("class"));
                if (s.get("owner") != null) b.append(" in ").append(s.get("owner"));
                b.append(": +").append(s.get("instances_delta")).append(" instances, +").append(s.get("bytes_delta"))
                        .append(" bytes\n");
                List<String> path = (List<String>) s.get("path_to_gc_root");
                if (!path.isEmpty()) b.append("    held by: ").append(String.join(" -> ", path)).append('\n');
                List<String> stack = (List<String>) s.get("allocation_stack");
                if (!stack.isEmpty()) {
                    b.append("    allocated at:\n");
                    stack.stream().limit(8).forEach(frame -> b.append("      ").append(frame).append('\n'));
                }
            }
        }
        b.append('\n');
        for (Map<String, Object> ok : (List<Map<String, Object>>) leaks.get("ok")) {
            b.append("ok ").append(ok.get("resource")).append(": ").append(ok.get("reason")).append('\n');
        }
        for (Map<String, Object> r : (List<Map<String, Object>>) leaks.get("rules")) {
            b.append("rule ").append(r.get("rule")).append(": ").append(r.get("reason")).append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> leaks) {
        StringBuilder b = new StringBuilder(4096);
        String status = String.valueOf(leaks.get("status"));
        String colour = switch (status) {
            case "leaking" -> "#b00020";
            case "suspected" -> "#b36b00";
            default -> "#1b7f3b";
        };
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Vigil: leaks</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:70em}h1 span{color:").append(colour)
                .append("}table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;vertical-align:top}")
                .append("code{font-size:90%}.path{color:#444}</style></head><body>")
                .append("<h1>Leak status: <span id=\"status\">").append(esc(status)).append("</span></h1>");
        for (Map<String, Object> f : (List<Map<String, Object>>) leaks.get("findings")) {
            b.append("<section class=\"finding\"><h2>").append(esc(f.get("resource"))).append(": ")
                    .append(esc(f.get("status"))).append("</h2><p>")
                    .append(esc(((Map<String, Object>) f.get("evidence")).get("reason"))).append("</p><p>")
                    .append(String.format(java.util.Locale.ROOT, "Growth %.1f %s/min, confidence %.3f",
                            (Double) f.get("growth_per_minute"), esc(f.get("unit")), (Double) f.get("confidence")));
            if (f.get("projected_exhaustion") != null) {
                b.append(", exhausted around ").append(esc(f.get("projected_exhaustion")));
            }
            b.append("</p>");
            List<Map<String, Object>> suspects = (List<Map<String, Object>>) f.get("suspects");
            if (!suspects.isEmpty()) {
                b.append("<table><tr><th>Suspect</th><th>+instances</th><th>+bytes</th><th>Held by / allocated at</th></tr>");
                for (Map<String, Object> s : suspects) {
                    b.append("<tr><td><code>").append(esc(s.get("class"))).append("</code>")
                            .append(s.get("owner") == null ? "" : " in <code>" + esc(s.get("owner")) + "</code>")
                            .append("</td><td>")
                            .append(s.get("instances_delta")).append("</td><td>").append(s.get("bytes_delta"))
                            .append("</td><td class=\"path\"><code>")
                            .append(esc(String.join(" → ", (List<String>) s.get("path_to_gc_root"))))
                            .append("</code><br><code>")
                            .append(esc(String.join(" ← ", ((List<String>) s.get("allocation_stack")).stream()
                                    .limit(6).toList())))
                            .append("</code></td></tr>");
                }
                b.append("</table>");
            }
            b.append("</section>");
        }
        b.append("<h2>Healthy</h2><ul>");
        for (Map<String, Object> ok : (List<Map<String, Object>>) leaks.get("ok")) {
            b.append("<li><b>").append(esc(ok.get("resource"))).append("</b>: ").append(esc(ok.get("reason")))
                    .append("</li>");
        }
        b.append("</ul><p>Evaluated ").append(esc(leaks.get("evaluated_at")))
                .append(". JSON: <a href=\"/debug/leaks\">/debug/leaks</a>.</p></body></html>\n");
        return b.toString();
    }

    private static String esc(Object o) {
        return IndexPage.escape(String.valueOf(o));
    }
}
