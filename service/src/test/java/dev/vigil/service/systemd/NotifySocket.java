package dev.vigil.service.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for systemd: a bound AF_UNIX datagram socket whose path goes into NOTIFY_SOCKET. Reads without blocking
 * (MSG_DONTWAIT), so tests poll it with Awaitility.
 */
final class NotifySocket implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    interface Receiver extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final Receiver C = Native.load("c", Receiver.class);

    private final int fd;
    private final String path;
    private final List<String> received = new CopyOnWriteArrayList<>();

    NotifySocket(String path) throws IOException {
        this.path = path;
        if (!path.startsWith("@")) Files.deleteIfExists(Path.of(path));
        fd = C.socket(UnixDatagram.AF_UNIX, UnixDatagram.SOCK_DGRAM, 0);
        byte[] address = UnixDatagram.address(path);
        C.bind(fd, address, address.length);
    }

    String path() {
        return path;
    }

    /** Everything received so far, one entry per datagram. */
    List<String> messages() {
        byte[] buffer = new byte[4096];
        while (true) {
            try {
                long n = C.recv(fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT).longValue();
                received.add(new String(buffer, 0, (int) n, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EAGAIN) throw e;
                return List.copyOf(received);
            }
        }
    }

    @Override
    public void close() throws IOException {
        C.close(fd);
        if (!path.startsWith("@")) Files.deleteIfExists(Path.of(path));
    }
}
