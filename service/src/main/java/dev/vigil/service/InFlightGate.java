package dev.vigil.service;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admits units of work while open and counts those in flight, so a stop can refuse new work and wait for the work
 * already admitted. A unit that is admitted always runs to its end: closing never interrupts it.
 *
 * <pre>{@code
 * try (InFlightGate.Permit permit = gate.tryEnter()) {
 *     if (permit == null) { respond(503); return; }   // stopping: tell the client instead of dropping it
 *     handle(request);
 * }
 * }</pre>
 */
public final class InFlightGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private boolean open = true;
    private long inFlight;
    private long admitted;
    private long refused;

    /** One admitted unit of work; closing it (once) marks the unit done. */
    public final class Permit implements AutoCloseable {
        private boolean closed;

        private Permit() {
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) return;
                closed = true;
                inFlight--;
                if (inFlight == 0) drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** A permit, or null when the gate is closed (the caller should refuse the work visibly). */
    public Permit tryEnter() {
        lock.lock();
        try {
            if (!open) {
                refused++;
                return null;
            }
            inFlight++;
            admitted++;
            return new Permit();
        } finally {
            lock.unlock();
        }
    }

    /** Stops admitting work; units in flight carry on. */
    public void close() {
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }

    public boolean isOpen() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no unit is in flight or the deadline passes; true when drained. */
    public boolean awaitDrained(Deadline deadline) throws InterruptedException {
        lock.lock();
        try {
            while (inFlight > 0) {
                long leftNanos = deadline.remaining().toNanos();
                if (leftNanos <= 0) return false;
                drained.awaitNanos(leftNanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return awaitDrained(Deadline.after(timeout));
    }

    public long inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public long admitted() {
        lock.lock();
        try {
            return admitted;
        } finally {
            lock.unlock();
        }
    }

    public long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }
}
