package dev.vigil.agent.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A client that writes requests byte for byte and reads answers as they arrive, to see what the server sends. */
final class RawClient implements AutoCloseable {
    record Answer(int status, Map<String, String> fields, String body) {
    }

    private final Socket socket;
    private final InputStream in;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    Answer answer() throws IOException {
        return answer(false);
    }

    /** Reads one answer; its body by Content-Length, by chunks, or to the connection's end. */
    Answer answer(boolean toHead) throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> fields = new HashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (toHead) {
            // no body
        } else if ("chunked".equals(fields.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (fields.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(fields.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(status, fields, body.toString(StandardCharsets.ISO_8859_1));
    }

    /** Whether the server has ended the connection: waits for it (up to the socket's timeout) rather than guess. */
    boolean ended() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Whether the server has ended the connection with a clean end (a reset throws "Connection reset"). */
    boolean endedWithoutReset() throws IOException {
        return in.read() == -1;
    }

    /** Everything until the server ends the connection. */
    String rest() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("the connection ended inside a line: " + line);
            line.append((char) b);
        }
        return line.toString().stripTrailing();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
