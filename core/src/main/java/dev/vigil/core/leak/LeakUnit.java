package dev.vigil.core.leak;

import java.util.Locale;

/** Unit of a finding's growth: bytes, threads, classes or fds. */
public enum LeakUnit {
    BYTES, THREADS, CLASSES, FDS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
