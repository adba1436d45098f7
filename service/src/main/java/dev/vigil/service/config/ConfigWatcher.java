package dev.vigil.service.config;

import dev.vigil.service.ServiceLog;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the config file and reloads it when it changes.
 * <ul>
 * <li>It watches the file's <em>directory</em>, because editors and config tools save by writing a temporary file
 * and renaming it over the old one: a watch on the file itself would follow the old, deleted inode.</li>
 * <li>A polling backstop compares size and modification time every {@code pollInterval}, because network drives
 * and some container mounts deliver no events at all. A file modified within the last {@code RACY_WINDOW_MILLIS}
 * is compared by content too: a file system's clock tick (up to 2 s on FAT and SMB) can hold a second write of the
 * same size, which leaves both attributes as they were.</li>
 * <li>Every sign of change restarts a quiet period ({@code debounce}); only when the file has been quiet that long
 * is it read, so a save in several writes, or several saves in a row, give one reload of the final content.</li>
 * <li>A reload whose bytes equal the last ones read is skipped (a touch, or the event and the poll both seeing one
 * save).</li>
 * </ul>
 */
public final class ConfigWatcher implements AutoCloseable {
    private final ReloadableConfig config;
    private final Path file;
    private final Duration debounce;
    private final Duration pollInterval;
    private final boolean useWatchService;
    private final ScheduledExecutorService timer;
    private WatchService watchService;
    private Thread eventThread;
    private ScheduledFuture<?> pending;
    private Fingerprint seen;
    private byte[] lastDigest;
    private volatile boolean closed;

    private record Fingerprint(long size, long modifiedMillis, Object fileKey) {
    }

    /** How recent a modification time must be for equal attributes not to prove equal content. */
    static final long RACY_WINDOW_MILLIS = 2_000;

    /**
     * @param debounce quiet time after the last change before reading (a few hundred ms suits editors)
     * @param pollInterval how often the backstop looks (seconds are enough: events do the quick work)
     */
    public ConfigWatcher(ReloadableConfig config, Path file, Duration debounce, Duration pollInterval) {
        this(config, file, debounce, pollInterval, true);
    }

    /** {@code useWatchService=false} leaves only the poll, as on a drive that sends no events. */
    ConfigWatcher(ReloadableConfig config, Path file, Duration debounce, Duration pollInterval,
                  boolean useWatchService) {
        this.config = Objects.requireNonNull(config);
        this.file = file.toAbsolutePath().normalize();
        this.debounce = debounce;
        this.pollInterval = pollInterval;
        this.useWatchService = useWatchService;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-config-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching; the current content counts as already loaded. */
    public synchronized void start() throws IOException {
        seen = fingerprint();
        lastDigest = digest();
        if (useWatchService) {
            try {
                watchService = FileSystems.getDefault().newWatchService();
                file.getParent().register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
                eventThread = new Thread(this::takeEvents, "vigil-config-watch");
                eventThread.setDaemon(true);
                eventThread.start();
            } catch (IOException | UnsupportedOperationException e) {
                ServiceLog.warn("cannot watch " + file.getParent() + " (" + e + "); polling every "
                        + pollInterval.toMillis() + "ms instead");
                watchService = null;
            }
        }
        long pollMillis = Math.max(pollInterval.toMillis(), 10);
        timer.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        ServiceLog.info("watching " + file + " (debounce " + debounce.toMillis() + "ms, poll every " + pollMillis
                + "ms)");
    }

    private void takeEvents() {
        String name = file.getFileName().toString();
        while (!closed) {
            WatchKey key;
            try {
                key = watchService.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean ours = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                // OVERFLOW means events were lost: assume ours was among them
                if (event.kind() == StandardWatchEventKinds.OVERFLOW
                        || name.equals(String.valueOf(event.context()))) {
                    ours = true;
                }
            }
            if (ours) changed();
            if (!key.reset()) {
                ServiceLog.warn("the directory of " + file + " is no longer watchable; polling only");
                return;
            }
        }
    }

    private void poll() {
        Fingerprint now = fingerprint();
        boolean differs;
        boolean racy;
        synchronized (this) {
            differs = !Objects.equals(now, seen);
            racy = !differs && now != null && (pending == null || pending.isDone())
                    && now.modifiedMillis() > System.currentTimeMillis() - RACY_WINDOW_MILLIS;
            seen = now;
        }
        // poll and reload both run on the timer thread, so lastDigest is the last content read
        if (differs || (racy && !Arrays.equals(digest(), lastDigest))) changed();
    }

    /** (Re)starts the quiet period. */
    private synchronized void changed() {
        if (closed) return;
        if (pending != null) pending.cancel(false);
        pending = timer.schedule(this::reloadIfContentChanged, Math.max(debounce.toMillis(), 1),
                TimeUnit.MILLISECONDS);
    }

    private void reloadIfContentChanged() {
        synchronized (this) {
            seen = fingerprint(); // what we are about to read; the poll should not fire for it again
        }
        byte[] digest = digest();
        if (digest != null && Arrays.equals(digest, lastDigest)) return;
        lastDigest = digest;
        config.reload("file changed");
    }

    private Fingerprint fingerprint() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Fingerprint(a.size(), a.lastModifiedTime().toMillis(), a.fileKey());
        } catch (IOException e) {
            return null; // missing for the moment (between delete and rename)
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
