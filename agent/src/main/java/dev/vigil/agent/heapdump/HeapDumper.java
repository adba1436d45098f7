package dev.vigil.agent.heapdump;


import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes HPROF heap dumps of live objects the way heap dumps must be written: into owner-only directories (they hold
 * secrets), and only when the disk has at least twice the used heap free.
 */
public final class HeapDumper {
    private HeapDumper() {
    }

    /** Thrown when the disk is too full for a dump; the message says how full. */
    public static final class NotEnoughDiskException extends IOException {
        private static final long serialVersionUID = 1L;

        NotEnoughDiskException(String message) {
            super(message);
        }
    }

    /** The used heap: a live dump is usually smaller, so twice this is a safe margin. */
    public static long estimatedDumpBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void requireFreeDisk(Path dir) throws IOException {
        long want = 2 * estimatedDumpBytes();
        FileStore store = Files.getFileStore(dir);
        if (store.getUsableSpace() < want) {
            throw new NotEnoughDiskException("not enough free disk in " + dir + " for a heap dump: "
                    + store.getUsableSpace() + " bytes free, want twice the used heap (" + want + ")");
        }
    }

    /** Creates {@code base} if needed, then a new directory in it readable by the owner only. */
    public static Path createOwnerOnlyDirectory(Path base, String prefix) throws IOException {
        Files.createDirectories(base);
        if (base.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempDirectory(base, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return Files.createTempDirectory(base, prefix); // Windows: the directory's inherited ACLs apply
    }

    /**
     * Dumps live objects (the JVM runs a full GC first) to {@code file}, which must end in .hprof and not exist;
     * owner-only. The service watchdog's dumper does exactly this, so it is the one piece of code for it.
     */
    public static void dumpLive(Path file) throws IOException {
        dev.vigil.service.watchdog.HeapDumper.HOTSPOT.dump(file);
    }

    /** Deletes a directory made by {@link #createOwnerOnlyDirectory} and the files in it. */
    public static void deleteDirectory(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }
}
