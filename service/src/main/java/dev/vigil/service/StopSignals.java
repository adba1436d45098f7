package dev.vigil.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes SIGTERM and SIGINT (Ctrl+C, also what WinSW sends) from the JVM's default handling, which would run
 * shutdown hooks and exit 143/130 whatever happened. The first signal asks for a graceful stop; a second one, while
 * that stop runs, halts the process at once with {@link ExitCode#FORCED}.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, present in every HotSpot JDK 17..25). Where it is
 * missing, or the JVM runs with {@code -Xrs} (procrun's default), {@link #install} installs nothing and returns
 * false; the runner's shutdown hook then still drains.
 */
public final class StopSignals {
    private final List<String> installed = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private final Runnable firstSignal;
    private final ProcessExit exit;

    /** @param onFirst called on a JVM signal thread; must not block for long */
    public StopSignals(Runnable onFirst, ProcessExit exit) {
        this.firstSignal = onFirst;
        this.exit = exit;
    }

    /** Installs handlers for TERM and INT; true when at least one took. */
    public boolean install() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> handle("SIG" + name));
                installed.add(name);
            } catch (IllegalArgumentException | LinkageError | IllegalStateException e) {
                // -Xrs, an unknown signal on this OS, or no jdk.unsupported: stay with the JVM's handling
                ServiceLog.info("not handling SIG" + name + " (" + e.getMessage() + "); the shutdown hook drains");
            }
        }
        return !installed.isEmpty();
    }

    /** What the JVM's signal thread calls; package-private so tests can signal without a real signal. */
    void handle(String signalName) {
        int count = received.incrementAndGet();
        if (count == 1) {
            ServiceLog.info(signalName + " received: stopping gracefully (send it again to force)");
            firstSignal.run();
        } else {
            ServiceLog.warn(signalName + " received again during the stop: exiting now with "
                    + ExitCode.FORCED.code());
            exit.halt(ExitCode.FORCED.code());
        }
    }

    public int received() {
        return received.get();
    }
}
