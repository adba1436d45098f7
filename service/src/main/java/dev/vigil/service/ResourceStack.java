package dev.vigil.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resources in the order they were opened, closed in the reverse order: what was opened last depends on what was
 * opened before it (the HTTP listener on the connection pool), so it must go first.
 */
public final class ResourceStack {
    private record Entry(String name, AutoCloseable resource) {
    }

    /** One resource that failed to close. */
    public record CloseFailure(String name, String error) {
    }

    private final Deque<Entry> opened = new ArrayDeque<>();

    public synchronized <T extends AutoCloseable> T push(String name, T resource) {
        opened.push(new Entry(name, resource));
        return resource;
    }

    /** Names in the order they will be closed. */
    public synchronized List<String> closingOrder() {
        return opened.stream().map(Entry::name).toList();
    }

    /**
     * Closes everything, last opened first. A failure is recorded and the rest are still closed; a resource whose
     * close runs past the deadline is left running on its own thread so one stuck close cannot hold up the others.
     */
    public List<CloseFailure> closeAll(Deadline deadline) {
        List<CloseFailure> failures = new ArrayList<>();
        while (true) {
            Entry entry;
            synchronized (this) {
                entry = opened.poll();
            }
            if (entry == null) return failures;
            String error = closeWithin(entry, deadline);
            if (error != null) {
                failures.add(new CloseFailure(entry.name(), error));
                ServiceLog.warn("closing " + entry.name() + " failed: " + error);
            } else {
                ServiceLog.info("closed " + entry.name());
            }
        }
    }

    private static String closeWithin(Entry entry, Deadline deadline) {
        Throwable[] thrown = new Throwable[1];
        Thread closer = new Thread(() -> {
            try {
                entry.resource().close();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "vigil-close-" + entry.name());
        closer.setDaemon(true);
        closer.start();
        try {
            // even past the deadline each close gets a moment, so quick closes are not skipped
            closer.join(Math.max(deadline.remainingMillis(), 100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while closing";
        }
        if (closer.isAlive()) return "did not close before the stop deadline";
        return thrown[0] == null ? null : thrown[0].toString();
    }
}
