package dev.vigil.agent.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request line and header fields of one HTTP/1.x request (RFC 9112), read off a connection. The debug server
 * only serves GET and HEAD, so a request with a body is not read further: its connection ends after the answer.
 */
record RequestHead(String method, String path, String rawQuery, boolean http10, Map<String, String> fields) {
    /** Request line and header fields together; more is answered 431 (a long request line 414). */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_FIELDS = 100;
    private static final int MAX_LEADING_EMPTY_LINES = 4;

    /** A header field's value (repeated fields joined with ", "), by case-insensitive name; null when absent. */
    String field(String name) {
        return fields.get(name.toLowerCase(Locale.ROOT));
    }

    boolean hasBody() {
        String length = field("content-length");
        return field("transfer-encoding") != null || (length != null && !length.trim().equals("0"));
    }

    /** Whether the client lets the connection stay open after the answer. */
    boolean keepsAlive() {
        if (http10) return false;
        String connection = field("connection");
        if (connection == null) return true;
        for (String token : connection.split(",")) {
            if (token.trim().equalsIgnoreCase("close")) return false;
        }
        return true;
    }

    /**
     * Reads one head whose first byte the caller has read already.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the head must be complete (a trickling client
     *                      would otherwise hold a worker one byte per read timeout)
     * @throws HttpProblem for a head that is malformed, too large or too slow
     */
    static RequestHead read(int firstByte, InputStream in, long deadlineNanos) throws IOException {
        LineReader lines = new LineReader(firstByte, in, deadlineNanos);
        String requestLine = lines.next();
        for (int i = 0; requestLine.isEmpty() && i < MAX_LEADING_EMPTY_LINES; i++) requestLine = lines.next();
        int firstSpace = requestLine.indexOf(' ');
        int lastSpace = requestLine.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace || requestLine.indexOf(' ', firstSpace + 1) != lastSpace) {
            throw new HttpProblem(400, "the request line is not 'METHOD target HTTP/1.1'");
        }
        String method = requestLine.substring(0, firstSpace);
        String target = requestLine.substring(firstSpace + 1, lastSpace);
        String version = requestLine.substring(lastSpace + 1);
        boolean http10 = version.equals("HTTP/1.0");
        if (!http10 && !version.equals("HTTP/1.1")) {
            if (version.startsWith("HTTP/")) throw new HttpProblem(505, version + " is not served here; use HTTP/1.1");
            throw new HttpProblem(400, "the request line is not 'METHOD target HTTP/1.1'");
        }
        Map<String, String> fields = new HashMap<>();
        int fieldLines = 0;
        for (String line = lines.next(); !line.isEmpty(); line = lines.next()) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || line.charAt(colon - 1) == ' ') {
                throw new HttpProblem(400, "a header field is malformed");
            }
            if (++fieldLines > MAX_FIELDS) {
                throw new HttpProblem(431, "the request has more than " + MAX_FIELDS + " header fields");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            fields.merge(name, value, (earlier, later) -> earlier + ", " + later);
        }
        return withTarget(method, target, http10, fields);
    }

    private static RequestHead withTarget(String method, String target, boolean http10, Map<String, String> fields) {
        String rest = target;
        int scheme = rest.indexOf("://");
        if (scheme > 0 && !rest.startsWith("/")) { // absolute form, as proxies send it
            int slash = rest.indexOf('/', scheme + 3);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        int question = rest.indexOf('?');
        String rawPath = question < 0 ? rest : rest.substring(0, question);
        String rawQuery = question < 0 ? null : rest.substring(question + 1);
        String path;
        try {
            path = new URI(rawPath).getPath();
        } catch (URISyntaxException e) {
            path = null;
        }
        if (path == null || !path.startsWith("/")) {
            throw new HttpProblem(400, "the request target is not a path such as /metrics");
        }
        return new RequestHead(method, path, rawQuery, http10, fields);
    }

    /** Lines ending in CRLF (or a bare LF), decoded as ISO-8859-1, within the head's byte and time budget. */
    private static final class LineReader {
        private final InputStream in;
        private final long deadlineNanos;
        private final StringBuilder line = new StringBuilder(128);
        private int pending;
        private int bytesLeft = MAX_HEAD_BYTES;
        private boolean firstLine = true;

        LineReader(int firstByte, InputStream in, long deadlineNanos) {
            this.pending = firstByte;
            this.in = in;
            this.deadlineNanos = deadlineNanos;
        }

        String next() throws IOException {
            line.setLength(0);
            while (true) {
                int b = pending >= 0 ? pending : readByte();
                pending = -1;
                if (b == '\n') break;
                if (--bytesLeft < 0) {
                    throw firstLine ? new HttpProblem(414, "the request line is longer than " + MAX_HEAD_BYTES + " bytes")
                            : new HttpProblem(431, "the request head is longer than " + MAX_HEAD_BYTES + " bytes");
                }
                line.append((char) (b & 0xff));
            }
            int length = line.length();
            if (length > 0 && line.charAt(length - 1) == '\r') line.setLength(length - 1);
            firstLine = firstLine && line.length() == 0;
            return line.toString();
        }

        private int readByte() throws IOException {
            if ((bytesLeft & 63) == 0 && System.nanoTime() - deadlineNanos > 0) { // every 64 bytes is often enough
                throw new HttpProblem(408, "the request head took too long to arrive");
            }
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new HttpProblem(408, "the request head took too long to arrive");
            }
            if (b < 0) throw new HttpProblem(400, "the connection ended inside the request head");
            return b;
        }
    }
}
