package dev.vigil.service.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to an AF_UNIX datagram socket through libc. JDK 16+ {@code SocketChannel} speaks only UNIX
 * <em>stream</em> sockets, and systemd's notify socket is a datagram socket, so this goes through JNA to
 * {@code socket(2)}/{@code sendto(2)} — the same two calls {@code sd_notify(3)} makes. Linux only.
 */
final class UnixDatagram {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sockaddr_un.sun_path) on Linux. */
    static final int PATH_MAX_BYTES = 108;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static volatile LibC libc;

    private UnixDatagram() {
    }

    static LibC libc() {
        LibC loaded = libc;
        if (loaded == null) {
            loaded = Native.load("c", LibC.class);
            libc = loaded;
        }
        return loaded;
    }

    /**
     * {@code sockaddr_un} for {@code path}; a leading {@code @} names an abstract socket (first byte NUL, no
     * trailing NUL, and the length counts exactly the name), as in NOTIFY_SOCKET.
     */
    static byte[] address(String path) throws IOException {
        boolean isAbstract = path.startsWith("@");
        byte[] name = (isAbstract ? path.substring(1) : path).getBytes(StandardCharsets.UTF_8);
        int pathBytes = name.length + 1; // leading NUL (abstract) or trailing NUL (file)
        if (pathBytes > PATH_MAX_BYTES) throw new IOException("socket path too long: " + path);
        ByteBuffer address = ByteBuffer.allocate(2 + pathBytes).order(ByteOrder.nativeOrder());
        address.putShort((short) AF_UNIX);
        if (isAbstract) address.put((byte) 0);
        address.put(name);
        if (!isAbstract) address.put((byte) 0);
        return address.array();
    }

    static void send(String socketPath, String message) throws IOException {
        byte[] address = address(socketPath);
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        LibC c;
        try {
            c = libc();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("libc is not reachable through JNA: " + e.getMessage(), e);
        }
        int fd;
        try {
            fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + e.getErrorCode(), e);
        }
        try {
            long sent = c.sendto(fd, payload, new NativeLong(payload.length), MSG_NOSIGNAL, address, address.length)
                    .longValue();
            if (sent != payload.length) throw new IOException("sent " + sent + " of " + payload.length + " bytes");
        } catch (LastErrorException e) {
            throw new IOException("sendto(" + socketPath + ") failed: errno " + e.getErrorCode(), e);
        } finally {
            try {
                c.close(fd);
            } catch (LastErrorException ignored) {
                // nothing useful to do about a failed close of a datagram socket
            }
        }
    }
}
