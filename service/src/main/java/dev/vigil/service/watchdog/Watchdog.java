package dev.vigil.service.watchdog;

import dev.vigil.service.ExitCode;
import dev.vigil.service.ServiceLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * The opt-in watchdog from the seed: when the JVM runs out of memory, or a leak detector says {@code leaking} with
 * exhaustion nearer than {@code exhaustionHorizon}, it takes a heap dump first (the evidence for the post-mortem)
 * and then ends the service with a distinct exit code so the service manager starts a fresh JVM.
 *
 * <p>It acts once: later triggers while the first is handled are ignored.
 */
public final class Watchdog implements LeakVerdictListener {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dumpDirectory;
    private final Duration exhaustionHorizon;
    private final HeapDumper dumper;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile BiConsumer<ExitCode, String> action = (code, why) -> {
        throw new IllegalStateException("watchdog not attached to a runner");
    };
    private volatile Path lastDump;
    private volatile String lastTrigger;

    /**
     * @param dumpDirectory where the heap dump goes (it must have room for the heap)
     * @param exhaustionHorizon act on a leak whose projected exhaustion is nearer than this
     */
    public Watchdog(Path dumpDirectory, Duration exhaustionHorizon, HeapDumper dumper) {
        this.dumpDirectory = Objects.requireNonNull(dumpDirectory);
        this.exhaustionHorizon = Objects.requireNonNull(exhaustionHorizon);
        this.dumper = Objects.requireNonNull(dumper);
    }

    public Watchdog(Path dumpDirectory, Duration exhaustionHorizon) {
        this(dumpDirectory, exhaustionHorizon, HeapDumper.HOTSPOT);
    }

    /**
     * What the runner does once the dump is written: halt at once for an OOM (the JVM may not manage a drain), a
     * graceful stop with the given code for a leak (memory is still there to finish in-flight work).
     */
    public void attach(BiConsumer<ExitCode, String> onTrigger) {
        this.action = Objects.requireNonNull(onTrigger);
    }

    /** Catches OutOfMemoryErrors that kill a thread; other uncaught errors go on to the previous handler. */
    public void watchUncaughtErrors() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError oom) {
                onOutOfMemory(oom);
            }
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace();
            }
        });
    }

    /** For code that catches an OutOfMemoryError itself (a request handler, an executor's afterExecute). */
    public void onOutOfMemory(OutOfMemoryError error) {
        trigger(ExitCode.WATCHDOG_OUT_OF_MEMORY, "OutOfMemoryError: " + error.getMessage());
    }

    @Override
    public void onVerdict(LeakVerdict verdict) {
        if (!verdict.leaking()) return;
        if (verdict.timeToExhaustion().isEmpty()) return; // leaking but no projection: a finding, not an emergency
        Duration left = verdict.timeToExhaustion().get();
        if (left.compareTo(exhaustionHorizon) > 0) return;
        trigger(ExitCode.WATCHDOG_LEAK, verdict.resource() + " is leaking and runs out in about "
                + left.toMinutes() + " min (" + verdict.summary() + ")");
    }

    private void trigger(ExitCode code, String why) {
        if (!fired.compareAndSet(false, true)) return;
        lastTrigger = why;
        ServiceLog.warn("watchdog: " + why + "; taking a heap dump, then exiting " + code.code()
                + " so the service manager restarts the service");
        Path file = dumpDirectory.resolve("vigil-watchdog-" + LocalDateTime.now().format(STAMP) + "-"
                + ProcessHandle.current().pid() + ".hprof");
        try {
            Files.createDirectories(dumpDirectory);
            dumper.dump(file);
            lastDump = file;
            ServiceLog.warn("watchdog: heap dump written to " + file);
        } catch (IOException | RuntimeException e) {
            // the restart matters more than the evidence: go on without the dump
            ServiceLog.warn("watchdog: heap dump failed (" + e + "); exiting without it");
        }
        action.accept(code, why);
    }

    public boolean fired() {
        return fired.get();
    }

    /** The dump the watchdog wrote, or null. */
    public Path lastDump() {
        return lastDump;
    }

    public String lastTrigger() {
        return lastTrigger;
    }

    public Duration exhaustionHorizon() {
        return exhaustionHorizon;
    }
}
