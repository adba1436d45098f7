package dev.vigil.agent.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed answer's body: gathered into chunks of up to {@link #CHUNK_BYTES} (RFC 9112, 7.1) so a writer of small
 * pieces, such as a GZIPOutputStream, does not become a chunk per piece. The last chunk, which tells the client the
 * body is whole, is written only once the endpoint has returned normally ({@link #writeLastChunk}), not when it
 * closes the stream: an endpoint that fails inside try-with-resources still closes it, and its client must see the
 * body cut short. Without chunking (an HTTP/1.0 client) the bytes pass through and the connection's end marks the
 * body's end.
 */
final class ChunkedBodyStream extends OutputStream {
    static final int CHUNK_BYTES = 32 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final OutputStream connection;
    private final boolean chunked;
    private final byte[] pending = new byte[CHUNK_BYTES];
    private int pendingBytes;
    private boolean closed;
    private boolean completed;

    ChunkedBodyStream(OutputStream connection, boolean chunked) {
        this.connection = connection;
        this.chunked = chunked;
    }

    @Override
    public void write(int b) throws IOException {
        if (closed) throw new IOException("the answer's body is closed");
        if (pendingBytes == pending.length) emitPending();
        pending[pendingBytes++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) throw new IOException("the answer's body is closed");
        while (length > 0) {
            if (pendingBytes == pending.length) emitPending();
            int taken = Math.min(length, pending.length - pendingBytes);
            System.arraycopy(bytes, offset, pending, pendingBytes, taken);
            pendingBytes += taken;
            offset += taken;
            length -= taken;
        }
    }

    @Override
    public void flush() throws IOException {
        emitPending();
        connection.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        emitPending();
        connection.flush();
        closed = true;
    }

    /** Ends the body: what is pending, then the last chunk. */
    void writeLastChunk() throws IOException {
        close();
        if (completed) return;
        if (chunked) connection.write(LAST_CHUNK);
        connection.flush();
        completed = true;
    }

    /** Whether the whole body, last chunk included, has been handed to the connection. */
    boolean completed() {
        return completed;
    }

    private void emitPending() throws IOException {
        if (closed) throw new IOException("the answer's body is closed");
        if (pendingBytes == 0) return;
        if (chunked) {
            connection.write(Integer.toHexString(pendingBytes).getBytes(StandardCharsets.ISO_8859_1));
            connection.write(CRLF);
        }
        connection.write(pending, 0, pendingBytes);
        if (chunked) connection.write(CRLF);
        pendingBytes = 0;
    }
}
