package dev.vigil.agent.probe;

import dev.vigil.agent.AgentLog;
import dev.vigil.agent.DaemonThreads;
import dev.vigil.core.series.SeriesStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs every probe on one daemon thread at a fixed interval. A probe that throws is counted, logged once per
 * distinct error, and tried again next time; it never stops the others and never reaches the host.
 */
public final class ProbeScheduler implements AutoCloseable {
    private final List<Entry> entries = new ArrayList<>();
    private final SeriesStore store;
    private final LongSupplier clockMillis;
    private final List<Runnable> afterEachRound = new ArrayList<>();
    private ScheduledExecutorService executor;

    public ProbeScheduler(List<Probe> probes, SeriesStore store, LongSupplier clockMillis) {
        for (Probe p : probes) entries.add(new Entry(p));
        this.store = store;
        this.clockMillis = clockMillis;
    }

    /**
     * Runs {@code task} on the sampler thread after every round, e.g. the leak detectors, which need the newest
     * points. It must be quick; its failures are contained and logged once.
     */
    public synchronized void afterEachRound(Runnable task) {
        afterEachRound.add(task);
    }

    public synchronized void start(Duration interval) {
        if (executor != null) return;
        executor = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("sampler"));
        executor.scheduleWithFixedDelay(this::sampleAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round over every probe; public so tests and the first reading need not wait for the thread. */
    public void sampleAll() {
        long now = clockMillis.getAsLong();
        for (Entry e : entries) {
            e.sample(store, now);
        }
        for (Runnable task : afterEachRound) {
            try {
                task.run();
            } catch (RuntimeException e) {
                AgentLog.warnOnce("after-sampling task failed: " + e);
            }
        }
    }

    public List<ProbeStatus> statuses() {
        List<ProbeStatus> list = new ArrayList<>();
        for (Entry e : entries) list.add(e.status());
        return list;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private static final class Entry {
        private final Probe probe;
        private long samples;
        private long failures;
        private String lastError;
        private long lastSuccessMillis;

        Entry(Probe probe) {
            this.probe = probe;
        }

        synchronized void sample(SeriesStore store, long now) {
            try {
                probe.sample(store, now);
                samples++;
                lastError = null;
                lastSuccessMillis = now;
            } catch (Throwable t) { // contain everything, including LinkageError from a missing JDK module
                if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
                    throw vme; // out of memory or an internal error is the JVM's business, not ours
                }
                failures++;
                lastError = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
                AgentLog.warnOnce("probe " + probe.name() + " failed: " + lastError
                        + " (it keeps running; status on /debug/vars)");
            }
        }

        synchronized ProbeStatus status() {
            return new ProbeStatus(probe.name(), samples, failures, lastError, lastSuccessMillis);
        }
    }
}
