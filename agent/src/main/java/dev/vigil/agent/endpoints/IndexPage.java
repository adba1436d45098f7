package dev.vigil.agent.endpoints;

import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.DebugServer;
import dev.vigil.agent.server.Endpoint;

import java.io.IOException;

/** {@code /debug/pprof/}: the list of every endpoint, like Go's pprof index page. */
public final class IndexPage implements Endpoint {
    private final DebugServer server;

    public IndexPage(DebugServer server) {
        this.server = server;
    }

    @Override
    public void handle(DebugExchange exchange) throws IOException {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>/debug/pprof/</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}td{padding:.2em 1em .2em 0;vertical-align:top}")
                .append("code{background:#f3f3f3;padding:0 .2em}</style></head><body>")
                .append("<h1>/debug/pprof/</h1><p>Vigil debug server of process ")
                .append(ProcessHandle.current().pid())
                .append(". Profiles are gzipped pprof: <code>go tool pprof http://HOST:PORT/debug/pprof/profile?seconds=30</code>.")
                .append("</p><table><tr><th align=left>Endpoint</th><th align=left>What</th></tr>");
        for (DebugServer.Route route : server.routes().values()) {
            if (route.path().equals("/debug/pprof/")) continue;
            String path = escape(route.path());
            html.append("<tr><td><a href=\"").append(path).append("\">").append(path).append("</a></td><td>")
                    .append(escape(route.description())).append("</td></tr>");
        }
        html.append("</table></body></html>\n");
        exchange.sendText(200, "text/html; charset=utf-8", html.toString());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
