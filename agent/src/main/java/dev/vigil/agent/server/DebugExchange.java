package dev.vigil.agent.server;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request to the debug server: its query parameters, parsed once, and the ways to answer it. */
public final class DebugExchange {
    /** Query strings longer than this are refused rather than parsed. */
    static final int MAX_QUERY_CHARS = 4096;

    private final HttpExchange exchange;
    private final Map<String, List<String>> query;
    private boolean answered;

    DebugExchange(HttpExchange exchange) {
        this.exchange = exchange;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    /**
     * {@code ?seconds=N} as Go's pprof takes it: a whole number from 1 to {@code max}, or the default when absent.
     */
    public Duration seconds(Duration defaultDuration, Duration max) {
        String text = param("seconds");
        if (text == null) return defaultDuration.compareTo(max) > 0 ? max : defaultDuration;
        long seconds;
        try {
            seconds = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > max.toSeconds()) {
            throw new HttpProblem(400, "seconds must be a whole number from 1 to " + max.toSeconds()
                    + " (profile.max-duration), not '" + text + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    /** A whole-number parameter such as {@code ?debug=1}, checked against the values the endpoint knows. */
    public int intParam(String name, int defaultValue, int min, int max) {
        String text = param(name);
        if (text == null) return defaultValue;
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // fall through to the problem below
        }
        throw new HttpProblem(400, name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    public void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    public void sendText(int status, String contentType, String body) throws IOException {
        sendBytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(int status, String contentType, byte[] body) throws IOException {
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        closeAfterAnswer(exchange);
        boolean head = "HEAD".equals(method());
        exchange.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Starts a streamed (chunked) 200 answer; the caller writes and closes the stream. */
    public OutputStream startStream(String contentType, String attachmentName) throws IOException {
        answered = true;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (attachmentName != null) {
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + attachmentName + "\"");
        }
        closeAfterAnswer(exchange);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /**
     * Every answer ends its connection. The JDK server writes the headers and the body in two sends; on a kept-alive
     * connection Nagle's algorithm holds the body back until the client acknowledges the headers, and clients delay
     * that acknowledgement (40 ms on Linux): every scrape would take 40 ms. Closing pushes the body out at once. The
     * JVM-wide cure, {@code -Dsun.net.httpserver.nodelay=true}, would change the host's own servers too.
     */
    static void closeAfterAnswer(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Connection", "close");
    }

    boolean answered() {
        return answered;
    }

    HttpExchange raw() {
        return exchange;
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return params;
        if (raw.length() > MAX_QUERY_CHARS) {
            throw new HttpProblem(414, "the query string is longer than " + MAX_QUERY_CHARS + " characters");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, "the query string is not valid URL encoding");
            }
        }
        return params;
    }
}
