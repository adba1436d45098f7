package dev.vigil.agent.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections the acceptor has answered 503 because every worker is busy. Closing such a socket at once, with the
 * client's request still unread or yet to arrive, makes the kernel reset the connection, and a reset can destroy the
 * 503 before the client reads it (Windows discards what the client has not read yet). So the acceptor sends the
 * answer and the end of its output, and the socket stays open for a moment; when it is closed, what the client sent
 * meanwhile is read and discarded first. The acceptor never blocks on these sockets: it only reads what has arrived.
 */
final class RefusedConnections {
    /** How long a refused connection stays open after its answer: time for the client's request to arrive. */
    static final long LINGER_NANOS = 1_000_000_000L;
    /** Beyond this many lingering, the oldest is closed at once: a flood of connections holds no more sockets. */
    static final int MAX_LINGERING = 64;
    private static final int MAX_DISCARDED_BYTES = 64 * 1024;

    private record Lingering(Socket socket, long closeAtNanos) {
    }

    private final ArrayDeque<Lingering> lingering = new ArrayDeque<>();

    /** Sends {@code answer} and the end of the output, and keeps the socket until its moment is over. */
    void refuse(Socket socket, byte[] answer, long nowNanos) {
        try {
            socket.getOutputStream().write(answer); // one small write, which the socket's buffer takes whole
            socket.shutdownOutput();
        } catch (IOException clientGone) {
            close(socket);
            return;
        }
        Lingering oldest = null;
        synchronized (this) {
            if (lingering.size() >= MAX_LINGERING) oldest = lingering.pollFirst();
            lingering.addLast(new Lingering(socket, nowNanos + LINGER_NANOS));
        }
        if (oldest != null) discardInputAndClose(oldest.socket());
    }

    /** Closes the connections whose moment is over. */
    void closeDue(long nowNanos) {
        while (true) {
            Lingering due;
            synchronized (this) {
                Lingering first = lingering.peekFirst();
                if (first == null || first.closeAtNanos() - nowNanos > 0) return;
                due = lingering.pollFirst();
            }
            discardInputAndClose(due.socket());
        }
    }

    /** Milliseconds until the next connection is due to close (at least 1), or 0 when none is lingering. */
    synchronized int millisUntilNextDue(long nowNanos) {
        Lingering first = lingering.peekFirst();
        if (first == null) return 0;
        return (int) Math.max(1, (first.closeAtNanos() - nowNanos) / 1_000_000L + 1);
    }

    void closeAll() {
        List<Lingering> all;
        synchronized (this) {
            all = new ArrayList<>(lingering);
            lingering.clear();
        }
        for (Lingering l : all) discardInputAndClose(l.socket());
    }

    private static void discardInputAndClose(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            int left = MAX_DISCARDED_BYTES;
            for (int available = in.available(); available > 0 && left > 0; available = in.available()) {
                int skip = Math.min(available, left);
                in.skipNBytes(skip); // available bytes are in the socket's buffer: this does not block
                left -= skip;
            }
        } catch (IOException ignored) {
            // the client went away: there is nothing left to reset
        }
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
