package dev.vigil.agent.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request to the debug server: its query parameters, parsed at the first look, and the ways to answer it. */
public final class DebugExchange {
    /** Query strings longer than this are refused rather than parsed. */
    static final int MAX_QUERY_CHARS = 4096;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final RequestHead request;
    private final OutputStream out;
    private final Map<String, String> answerFields = new LinkedHashMap<>();
    private Map<String, List<String>> query;
    private boolean answered;
    private boolean closeAfterAnswer;
    private ChunkedBodyStream stream;

    /** @param out the connection's buffered output; the exchange flushes what it writes */
    DebugExchange(RequestHead request, OutputStream out) {
        this.request = request;
        this.out = out;
        // a body the server does not read would be taken for the next request
        this.closeAfterAnswer = !request.keepsAlive() || request.hasBody();
    }

    public String method() {
        return request.method();
    }

    public String header(String name) {
        return request.field(name);
    }

    String path() {
        return request.path();
    }

    /** The first value of a query parameter, or null. */
    public String param(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> params(String name) {
        return query().getOrDefault(name, List.of());
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

    /** Sets a header field of the answer; a value with a line break is refused (it would split the answer). */
    public void setHeader(String name, String value) {
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a header field may not hold a line break: " + name);
        }
        answerFields.put(name, value);
    }

    public void sendText(int status, String contentType, String body) throws IOException {
        sendBytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with a whole body: head and body leave in one write when they fit the connection's buffer. */
    public void sendBytes(int status, String contentType, byte[] body) throws IOException {
        answered = true;
        setHeader("Content-Type", contentType);
        setHeader("Content-Length", Integer.toString(body.length));
        writeHead(status);
        if (!isHead()) out.write(body);
        out.flush();
    }

    /**
     * Starts a streamed 200 answer of unknown length (chunked; for an HTTP/1.0 client, ended by closing the
     * connection). The caller writes and closes the stream; an answer whose stream was not closed ends its connection,
     * so the client sees it was cut short.
     */
    public OutputStream startStream(String contentType, String attachmentName) throws IOException {
        answered = true;
        setHeader("Content-Type", contentType);
        if (attachmentName != null) setHeader("Content-Disposition", "attachment; filename=\"" + attachmentName + "\"");
        if (!request.http10()) setHeader("Transfer-Encoding", "chunked"); // HTTP/1.0 closes already (keepsAlive)
        writeHead(200);
        if (isHead()) {
            out.flush();
            return OutputStream.nullOutputStream();
        }
        stream = new ChunkedBodyStream(out, !request.http10());
        return stream;
    }

    /** After the endpoint returned normally: a streamed answer is whole, and its client is told so. */
    void complete() throws IOException {
        if (stream != null) stream.writeLastChunk();
    }

    /** Asks that the connection end after this answer. */
    void closeAfterAnswer() {
        closeAfterAnswer = true;
    }

    boolean answered() {
        return answered;
    }

    /** Whether the connection can serve another request: answered in full, and nobody asked for it to end. */
    boolean connectionReusable() {
        return answered && !closeAfterAnswer && (stream == null || stream.completed());
    }

    private boolean isHead() {
        return "HEAD".equals(request.method());
    }

    private void writeHead(int status) throws IOException {
        out.write(headBytes(status, answerFields, closeAfterAnswer));
    }

    /** The status line and header fields of an answer, every answer's the same way. */
    private static byte[] headBytes(int status, Map<String, String> fields, boolean closeAfterAnswer) {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reasonPhrase(status)).append("\r\nDate: ").append(HTTP_DATE.format(Instant.now()))
                .append("\r\nX-Content-Type-Options: nosniff\r\n");
        for (Map.Entry<String, String> field : fields.entrySet()) {
            head.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
        }
        if (closeAfterAnswer) head.append("Connection: close\r\n");
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes a whole closing answer for a request the server will not serve (unreadable, or no worker free). */
    static void writeRefusal(OutputStream out, int status, String sentence) throws IOException {
        out.write(refusalBytes(status, sentence)); // one write: one segment, whatever Nagle does
        out.flush();
    }

    /** A refusal's whole answer, head and sentence, ending the connection. */
    static byte[] refusalBytes(int status, String sentence) {
        byte[] body = (sentence + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = headBytes(status, Map.of("Content-Type", "text/plain; charset=utf-8",
                "Content-Length", Integer.toString(body.length)), true);
        byte[] answer = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, answer, head.length, body.length);
        return answer;
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 414 -> "URI Too Long";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            case 507 -> "Insufficient Storage";
            default -> ""; // the reason phrase is optional (RFC 9112, 4)
        };
    }

    private Map<String, List<String>> query() {
        if (query == null) query = parseQuery(request.rawQuery());
        return query;
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
