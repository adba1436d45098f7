package dev.vigil.agent.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One client connection of the debug server, served on one worker thread from its first request to its end. It
 * stays open between requests (HTTP/1.1 keep-alive, as Prometheus scrapes) and answers with TCP_NODELAY, so an
 * answer is never held back waiting for the client's acknowledgement of an earlier write.
 */
final class HttpConnection implements Runnable {
    enum Phase {
        /** accepted, waiting for a worker */
        QUEUED,
        /** on a worker, waiting for the first byte of a request */
        WAITING,
        /** reading a request or answering it */
        SERVING,
        /** closed */
        ENDED
    }

    private static final int LINGER_MILLIS = 1_000;
    private static final long MAX_LINGER_BYTES = 1 << 20;
    private static final int WRITE_SLICE_BYTES = 64 * 1024;

    private final Socket socket;
    private final DebugServer server;
    private final ConnectionTimeouts timeouts;
    private volatile Phase phase = Phase.QUEUED;
    private volatile long phaseSinceNanos = System.nanoTime();
    /** When the write now blocked on the socket began, or 0: a client that stops reading would hold a worker. */
    private volatile long writeSinceNanos;

    HttpConnection(Socket socket, DebugServer server, ConnectionTimeouts timeouts) {
        this.socket = socket;
        this.server = server;
        this.timeouts = timeouts;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
            OutputStream out = new BufferedOutputStream(new WatchedOutput(socket.getOutputStream()),
                    ChunkedBodyStream.CHUNK_BYTES);
            int idleMillis = timeouts.firstRequestMillis();
            while (!server.closing()) {
                enter(Phase.WAITING);
                socket.setSoTimeout(idleMillis);
                int firstByte = in.read(); // ends with SocketTimeoutException when the client stays silent
                if (firstByte < 0) return;
                enter(Phase.SERVING);
                socket.setSoTimeout(timeouts.headMillis());
                RequestHead head;
                try {
                    head = RequestHead.read(firstByte, in, System.nanoTime() + timeouts.headMillis() * 1_000_000L);
                } catch (HttpProblem unreadable) {
                    DebugExchange.writeRefusal(out, unreadable.status(), unreadable.getMessage());
                    endAfterAnswer(in);
                    return;
                }
                DebugExchange exchange = new DebugExchange(head, out);
                server.dispatch(exchange);
                out.flush();
                // a kept-alive connection holds a worker: give it up when others are waiting for one
                if (!exchange.connectionReusable() || server.connectionsWaiting()) {
                    endAfterAnswer(in);
                    return;
                }
                idleMillis = timeouts.idleMillis();
            }
        } catch (IOException e) {
            // the client went away, stayed silent too long, or the server closed the socket
        } finally {
            end();
        }
    }

    /**
     * Sends the end of the connection after its last answer, then reads what the client still sends (a body the
     * server did not read, the rest of an oversized head) until it ends too, for at most a second and a megabyte:
     * closing with unread input would make the kernel reset the connection, which can destroy the answer before the
     * client has read it.
     */
    private void endAfterAnswer(InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(LINGER_MILLIS);
        long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
        byte[] discarded = new byte[8 * 1024];
        long left = MAX_LINGER_BYTES;
        while (left > 0 && System.nanoTime() - deadline < 0) {
            int read = in.read(discarded);
            if (read < 0) return;
            left -= read;
        }
    }

    Phase phase() {
        return phase;
    }

    long phaseSinceNanos() {
        return phaseSinceNanos;
    }

    /** Whether a write has been blocked on the socket for longer than the stall timeout. */
    boolean writeStalled(long nowNanos) {
        long since = writeSinceNanos;
        return since != 0 && nowNanos - since > timeouts.writeStallMillis() * 1_000_000L;
    }

    /** Ends the connection; a worker blocked on its socket is released with an IOException. */
    void end() {
        phase = Phase.ENDED;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        server.forget(this);
    }

    private void enter(Phase next) {
        phaseSinceNanos = System.nanoTime();
        phase = next;
    }

    /** The socket's output, noting when a write starts and ends so the server can tell a stalled client. */
    private final class WatchedOutput extends OutputStream {
        private final OutputStream socketOut;

        WatchedOutput(OutputStream socketOut) {
            this.socketOut = socketOut;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Writes in slices, so a large body to a slow but reading client shows progress at every slice. */
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                for (int done = 0; done < length; done += WRITE_SLICE_BYTES) {
                    writeSinceNanos = System.nanoTime();
                    socketOut.write(bytes, offset + done, Math.min(WRITE_SLICE_BYTES, length - done));
                }
            } finally {
                writeSinceNanos = 0;
            }
        }
    }

    /** How long a connection may wait for, read and write requests. */
    record ConnectionTimeouts(int firstRequestMillis, int idleMillis, int headMillis, int writeStallMillis) {
        /**
         * An idle kept-alive connection stays 90 s, longer than the usual scrape intervals (15 s to 1 min), so a
         * scraper keeps its connection; it is ended sooner when another client needs its worker.
         */
        static final ConnectionTimeouts DEFAULT = new ConnectionTimeouts(10_000, 90_000, 10_000, 60_000);

        /** How often the server looks for stalled writes while connections are open: 5 s at the defaults. */
        int watchMillis() {
            return Math.max(10, writeStallMillis / 12);
        }
    }
}
