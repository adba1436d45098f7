package dev.vigil.service;

import java.time.Duration;

/**
 * Tells the service manager about the lifecycle. systemd ({@link dev.vigil.service.systemd.SystemdNotifier}) is
 * the one that listens; jsvc, procrun and WinSW learn the state from the start/stop calls returning.
 */
public interface StatusNotifier {
    void ready();

    void stopping();

    void status(String text);

    /** A slow start or stop needs {@code moreTime} beyond now before the manager gives up on it. */
    void extendTimeout(Duration moreTime);

    /** Sends a watchdog keep-alive; called only after a real health check passed. */
    void watchdog();

    /** How often the manager expects {@link #watchdog()}, or zero when it does not watch. */
    default Duration watchdogInterval() {
        return Duration.ZERO;
    }

    StatusNotifier NONE = new StatusNotifier() {
        @Override
        public void ready() {
        }

        @Override
        public void stopping() {
        }

        @Override
        public void status(String text) {
        }

        @Override
        public void extendTimeout(Duration moreTime) {
        }

        @Override
        public void watchdog() {
        }
    };
}
