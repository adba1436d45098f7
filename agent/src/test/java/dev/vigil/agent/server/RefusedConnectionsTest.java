package dev.vigil.agent.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

class RefusedConnectionsTest {
    private static final byte[] ANSWER = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private final RefusedConnections refused = new RefusedConnections();
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void closeEverything() throws IOException {
        refused.closeAll();
        for (Socket s : sockets) s.close();
        listener.close();
    }

    /** A connected pair: [0] the client's end, [1] the server's. */
    private Socket[] connect() throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        client.setSoTimeout(10_000);
        Socket server = listener.accept();
        sockets.add(client);
        sockets.add(server);
        return new Socket[] {client, server};
    }

    @Test
    void theClientReadsTheAnswerAndTheEndWhileTheSocketStaysOpenForItsMoment() throws IOException {
        Socket[] pair = connect();
        long now = System.nanoTime();
        refused.refuse(pair[1], ANSWER, now);

        InputStream in = pair[0].getInputStream();
        assertThat(in.readNBytes(ANSWER.length)).isEqualTo(ANSWER);
        assertThat(in.read()).isEqualTo(-1); // the end of the server's output, sent with the answer
        assertThat(pair[1].isClosed()).isFalse();
        assertThat(refused.millisUntilNextDue(now)).isBetween(1000, 1001);

        refused.closeDue(now + RefusedConnections.LINGER_NANOS - 1);
        assertThat(pair[1].isClosed()).isFalse();
        refused.closeDue(now + RefusedConnections.LINGER_NANOS);
        assertThat(pair[1].isClosed()).isTrue();
        assertThat(refused.millisUntilNextDue(now)).isZero();
    }

    @Test
    void whatTheClientSentIsReadBeforeTheCloseSoTheCloseIsNoReset() throws IOException {
        Socket[] pair = connect();
        long now = System.nanoTime();
        refused.refuse(pair[1], ANSWER, now);
        pair[0].getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        await().until(() -> pair[1].getInputStream().available() > 0); // the request is in the server's buffer

        refused.closeDue(now + RefusedConnections.LINGER_NANOS);
        assertThat(pair[1].isClosed()).isTrue();
        InputStream in = pair[0].getInputStream();
        assertThat(in.readNBytes(ANSWER.length)).isEqualTo(ANSWER);
        assertThat(in.read()).isEqualTo(-1);
        // A close with the request unread sends a reset, which ends the client's socket at once (on loopback, before
        // close() returns): its next write would fail with "Broken pipe". Without one the socket is only half-closed
        // and the kernel takes the write. (Windows drops the unread answer on a reset; Linux keeps it.)
        assertThatCode(() -> pair[0].getOutputStream().write('x')).doesNotThrowAnyException();
    }

    @Test
    void beyondTheBoundTheOldestIsClosedAtOnce() throws IOException {
        long now = System.nanoTime();
        Socket[] first = connect();
        refused.refuse(first[1], ANSWER, now);
        List<Socket> others = new ArrayList<>();
        for (int i = 1; i < RefusedConnections.MAX_LINGERING; i++) {
            Socket[] pair = connect();
            refused.refuse(pair[1], ANSWER, now);
            others.add(pair[1]);
        }
        assertThat(first[1].isClosed()).isFalse();

        Socket[] oneMore = connect();
        refused.refuse(oneMore[1], ANSWER, now);
        assertThat(first[1].isClosed()).isTrue();
        assertThat(others).noneMatch(Socket::isClosed);
        assertThat(oneMore[1].isClosed()).isFalse();

        refused.closeAll();
        assertThat(others).allMatch(Socket::isClosed);
        assertThat(oneMore[1].isClosed()).isTrue();
    }

    @Test
    void aClientGoneBeforeItsAnswerIsClosedAndNotKept() throws IOException {
        Socket[] pair = connect();
        pair[1].close(); // the server's end fails at the write, as when the client reset the connection
        long now = System.nanoTime();
        refused.refuse(pair[1], ANSWER, now);
        assertThat(refused.millisUntilNextDue(now)).isZero();
    }
}
