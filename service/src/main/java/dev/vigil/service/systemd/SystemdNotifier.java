package dev.vigil.service.systemd;

import dev.vigil.service.ServiceLog;
import dev.vigil.service.StatusNotifier;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * systemd's notify protocol ({@code sd_notify(3)}) for {@code Type=notify} units: READY=1 when started, STOPPING=1
 * when a stop begins, STATUS=, EXTEND_TIMEOUT_USEC= while a slow start or stop is still making progress, and
 * WATCHDOG=1 keep-alives. Each message is one datagram to {@code $NOTIFY_SOCKET}. Without NOTIFY_SOCKET (not under
 * systemd) every call does nothing. A failed send is logged once and never thrown: the service runs on.
 */
public final class SystemdNotifier implements StatusNotifier {
    private final String socket;
    private final Duration watchdogInterval;
    private volatile boolean warned;

    /** @param socket the NOTIFY_SOCKET value (a path, or {@code @name} for an abstract socket) */
    public SystemdNotifier(String socket, Duration watchdogInterval) {
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
    }

    /** From NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID; a no-op notifier when NOTIFY_SOCKET is unset. */
    public static StatusNotifier fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    static StatusNotifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) return StatusNotifier.NONE;
        return new SystemdNotifier(socket, watchdogInterval(env, pid));
    }

    /**
     * WATCHDOG_USEC applies to us only when WATCHDOG_PID is unset or our pid. systemd wants a ping at least every
     * WATCHDOG_USEC; we ping at half of it so one late ping does not kill the service.
     */
    static Duration watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null) return Duration.ZERO;
        String forPid = env.get("WATCHDOG_PID");
        try {
            if (forPid != null && Long.parseLong(forPid.trim()) != pid) return Duration.ZERO;
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? Duration.ZERO : Duration.ofNanos(micros * 1000 / 2);
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    public String socket() {
        return socket;
    }

    @Override
    public void ready() {
        send("READY=1\nMAINPID=" + ProcessHandle.current().pid());
    }

    @Override
    public void stopping() {
        send("STOPPING=1");
    }

    @Override
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' '));
    }

    @Override
    public void extendTimeout(Duration moreTime) {
        send("EXTEND_TIMEOUT_USEC=" + moreTime.toNanos() / 1000);
    }

    @Override
    public void watchdog() {
        send("WATCHDOG=1");
    }

    @Override
    public Duration watchdogInterval() {
        return watchdogInterval;
    }

    /** Sends a raw notify message; true when it went out. */
    public boolean send(String message) {
        try {
            UnixDatagram.send(socket, message);
            return true;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!warned) {
                warned = true;
                ServiceLog.warn("cannot notify systemd at " + socket + ": " + e.getMessage());
            }
            return false;
        }
    }
}
