package dev.vigil.agent.heapdump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The heap dumps Vigil takes by itself (on a leak verdict or a threshold rule): kept in one owner-only directory,
 * at most one per {@code minInterval}, only with twice the used heap free on disk, and only the newest {@code keep}.
 */
public final class HeapDumpArchive {
    /** Built at the first dump, not when the leak monitor starts with the host (java.time's formatting classes). */
    private static final class Stamp {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    }

    /** A dump taken ({@code file} set) or skipped ({@code skippedBecause} set). */
    public record Outcome(Path file, long bytes, long millis, String skippedBecause) {
        public boolean taken() {
            return file != null;
        }
    }

    private final Supplier<Path> baseDirectory;
    private final Supplier<Integer> keep;
    private final Supplier<Duration> minInterval;
    private final LongSupplier clockMillis;
    private long lastDumpMillis = Long.MIN_VALUE;

    public HeapDumpArchive(Supplier<Path> baseDirectory, Supplier<Integer> keep, Supplier<Duration> minInterval,
                           LongSupplier clockMillis) {
        this.baseDirectory = baseDirectory;
        this.keep = keep;
        this.minInterval = minInterval;
        this.clockMillis = clockMillis;
    }

    public Path directory() {
        return baseDirectory.get().resolve("vigil-heapdumps");
    }

    /** Takes a dump unless one was taken within the minimum interval; blocks while the JVM writes it. */
    public synchronized Outcome dump(String reason) {
        long now = clockMillis.getAsLong();
        if (lastDumpMillis != Long.MIN_VALUE && now - lastDumpMillis < minInterval.get().toMillis()) {
            return new Outcome(null, 0, 0, "the last automatic dump was less than heapdump.min-interval ("
                    + minInterval.get() + ") ago");
        }
        try {
            Path dir = ownerOnlyDirectory();
            HeapDumper.requireFreeDisk(dir);
            Path file = dir.resolve("heap-" + ProcessHandle.current().pid() + "-"
                    + Stamp.FORMAT.format(Instant.ofEpochMilli(now)) + "-"
                    + reason.replaceAll("[^A-Za-z0-9_-]", "_") + ".hprof");
            long started = System.nanoTime();
            HeapDumper.dumpLive(file);
            lastDumpMillis = now;
            prune(dir);
            return new Outcome(file, Files.size(file), (System.nanoTime() - started) / 1_000_000, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(null, 0, 0, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Dumps in the archive, newest first. */
    public List<Path> dumps() throws IOException {
        Path dir = directory();
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> files = new ArrayList<>();
        try (var stream = Files.list(dir)) {
            stream.filter(p -> p.getFileName().toString().endsWith(".hprof")).forEach(files::add);
        }
        files.sort(Comparator.comparingLong(HeapDumpArchive::modifiedMillis).reversed());
        return files;
    }

    private static long modifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0; // vanished meanwhile: sorts last and its deletion is a no-op
        }
    }

    private Path ownerOnlyDirectory() throws IOException {
        Path dir = directory();
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return dir;
    }

    private void prune(Path dir) throws IOException {
        List<Path> newestFirst = dumps();
        for (int i = Math.max(1, keep.get()); i < newestFirst.size(); i++) {
            Files.deleteIfExists(newestFirst.get(i));
        }
    }
}
