package dev.vigil.hprof.reader;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Random read access to a heap dump, memory-mapped in 1 GiB windows so files over 4 GB work.
 * A gzipped dump ({@code jcmd GC.heap_dump -gz=N} writes concatenated gzip members) is first
 * inflated into a temporary file next to {@code java.io.tmpdir}, which is deleted on {@link #close()}.
 * All multi-byte values are big-endian, as HPROF writes them. Reads past the end throw
 * {@link IndexOutOfBoundsException}; {@link HprofReader} checks bounds before it reads.
 */
public final class HprofFile implements Closeable {
    private static final int WINDOW_SHIFT = 30;
    private static final long WINDOW_BYTES = 1L << WINDOW_SHIFT;
    private static final long WINDOW_MASK = WINDOW_BYTES - 1;
    /** Windows overlap so that any read of up to this many bytes never straddles two windows. */
    private static final int WINDOW_OVERLAP_BYTES = 1 << 16;

    private final Path source;
    private final Path inflatedCopy;
    private final long sizeBytes;
    private final ByteBuffer[] windows;
    private final boolean gzipped;
    private final ByteBuffer single;

    private HprofFile(Path source, Path mapped, boolean gzipped) throws IOException {
        this.source = source;
        this.gzipped = gzipped;
        this.inflatedCopy = gzipped ? mapped : null;
        try (FileChannel channel = FileChannel.open(mapped, StandardOpenOption.READ)) {
            sizeBytes = channel.size();
            int count = (int) ((sizeBytes + WINDOW_BYTES - 1) >>> WINDOW_SHIFT);
            windows = new ByteBuffer[Math.max(count, 1)];
            if (sizeBytes == 0) {
                windows[0] = ByteBuffer.allocate(0);
            }
            for (int i = 0; i < count; i++) {
                long start = (long) i << WINDOW_SHIFT;
                long length = Math.min(sizeBytes - start, WINDOW_BYTES + WINDOW_OVERLAP_BYTES);
                MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
                windows[i] = buffer;
            }
        }
        single = windows.length == 1 ? windows[0] : null;
    }

    /** Opens (and, if gzipped, inflates) a dump. */
    public static HprofFile open(Path dump) throws IOException {
        if (!Files.isRegularFile(dump)) {
            throw new java.nio.file.NoSuchFileException(dump.toString(), null, "not a regular file");
        }
        if (isGzip(dump)) {
            Path temp = Files.createTempFile("vigil-inflated-", ".hprof");
            try {
                try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(dump), 1 << 16), 1 << 16);
                     OutputStream out = Files.newOutputStream(temp)) {
                    in.transferTo(out);
                }
                return new HprofFile(dump, temp, true);
            } catch (java.util.zip.ZipException e) {
                Files.deleteIfExists(temp);
                throw new HprofFormatException(0, "gzip stream", "cannot inflate: " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                if (e instanceof java.io.EOFException) {
                    throw new HprofFormatException(Files.size(dump), "gzip stream", "truncated gzip data");
                }
                throw e;
            }
        }
        return new HprofFile(dump, dump, false);
    }

    private static boolean isGzip(Path dump) throws IOException {
        try (InputStream in = Files.newInputStream(dump)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    public Path source() {
        return source;
    }

    /** True if the dump was gzipped and has been inflated to a temporary file. */
    public boolean wasGzipped() {
        return gzipped;
    }

    /** Size of the (inflated) dump in bytes. */
    public long sizeBytes() {
        return sizeBytes;
    }

    private ByteBuffer window(long position) {
        // dumps under 1 GiB (one window) skip the window table
        return single != null ? single : windows[(int) (position >>> WINDOW_SHIFT)];
    }

    public int u1(long position) {
        return window(position).get((int) (position & WINDOW_MASK)) & 0xff;
    }

    public int u2(long position) {
        return window(position).getShort((int) (position & WINDOW_MASK)) & 0xffff;
    }

    /** Signed 32-bit value; use {@code & 0xffffffffL} for the unsigned one. */
    public int i4(long position) {
        return window(position).getInt((int) (position & WINDOW_MASK));
    }

    public long u4(long position) {
        return i4(position) & 0xffffffffL;
    }

    public long i8(long position) {
        return window(position).getLong((int) (position & WINDOW_MASK));
    }

    /** An identifier of {@code idSizeBytes} (4 or 8) bytes, zero-extended. */
    public long id(long position, int idSizeBytes) {
        return idSizeBytes == 8 ? i8(position) : u4(position);
    }

    /** Copies {@code length} bytes starting at {@code position} into {@code target}. */
    public void bytes(long position, byte[] target, int offset, int length) {
        while (length > 0) {
            ByteBuffer window = window(position);
            int local = (int) (position & WINDOW_MASK);
            int n = Math.min(length, window.limit() - local);
            if (n <= 0) {
                throw new IndexOutOfBoundsException("read past end of dump at " + position);
            }
            window.get(local, target, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (inflatedCopy != null) {
            Files.deleteIfExists(inflatedCopy);
        }
    }
}
