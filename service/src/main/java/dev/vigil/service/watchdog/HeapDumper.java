package dev.vigil.service.watchdog;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a heap dump; replaced in tests so they need not dump the test JVM's heap. */
@FunctionalInterface
public interface HeapDumper {
    /** Writes an HPROF file of live objects to {@code file}, which must not exist yet. */
    void dump(Path file) throws IOException;

    /** The HotSpot diagnostic MXBean; the file is made owner-only because heap dumps hold secrets. */
    HeapDumper HOTSPOT = file -> {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            bean.dumpHeap(file.toString(), true);
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("heap dump failed: " + e, e);
        }
        try {
            java.nio.file.Files.setPosixFilePermissions(file,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system (Windows): the directory's ACL applies
        }
    };
}
