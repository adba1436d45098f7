package dev.vigil.core.leak;

import java.util.Locale;

/** What can leak, each with the unit its growth is measured in. */
public enum LeakResource {
    HEAP(LeakUnit.BYTES),
    THREADS(LeakUnit.THREADS),
    DIRECT(LeakUnit.BYTES),
    MAPPED(LeakUnit.BYTES),
    METASPACE(LeakUnit.BYTES),
    CLASSES(LeakUnit.CLASSES),
    FDS(LeakUnit.FDS),
    NATIVE(LeakUnit.BYTES);

    private final LeakUnit unit;

    LeakResource(LeakUnit unit) {
        this.unit = unit;
    }

    public LeakUnit unit() {
        return unit;
    }

    /** The JSON name: heap, threads, direct, mapped, metaspace, classes, fds, native. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
