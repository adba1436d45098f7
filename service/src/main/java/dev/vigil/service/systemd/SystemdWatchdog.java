package dev.vigil.service.systemd;

import dev.vigil.service.HealthReport;
import dev.vigil.service.ServiceLog;
import dev.vigil.service.StatusNotifier;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends WATCHDOG=1 only after a real liveness check passes, so a service that is alive but wedged (deadlocked
 * workers, a dead dependency the check covers) stops pinging and systemd restarts it after WatchdogSec. A timer that
 * pinged unconditionally would only prove the JVM still schedules threads.
 */
public final class SystemdWatchdog implements AutoCloseable {
    private final StatusNotifier notifier;
    private final Supplier<HealthReport> liveness;
    private final Duration interval;
    private ScheduledExecutorService timer;
    private volatile boolean lastHealthy = true;
    private volatile long pings;

    public SystemdWatchdog(StatusNotifier notifier, Supplier<HealthReport> liveness, Duration interval) {
        this.notifier = notifier;
        this.liveness = liveness;
        this.interval = interval;
    }

    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-systemd-watchdog");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(interval.toMillis(), 10);
        timer.scheduleAtFixedRate(this::tick, 0, millis, TimeUnit.MILLISECONDS);
        ServiceLog.info("systemd watchdog: health-checked ping every " + millis + "ms");
    }

    /** One check-and-ping; public for tests that drive it without a timer. */
    public void tick() {
        HealthReport report;
        try {
            report = liveness.get();
        } catch (RuntimeException e) {
            report = null;
        }
        boolean healthy = report != null && report.healthy();
        if (healthy) {
            notifier.watchdog();
            pings++;
        } else if (lastHealthy) {
            ServiceLog.warn("systemd watchdog: liveness check failed (" + (report == null ? "threw" : report.body())
                    + "); not pinging, systemd will restart the service after WatchdogSec");
        }
        lastHealthy = healthy;
    }

    public long pings() {
        return pings;
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
    }
}
