package dev.vigil.service;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a service is in its life. INIT → STARTING → RUNNING → STOPPING → STOPPED, or FAILED from any state before
 * STOPPED. STOPPED and FAILED are final.
 */
public enum LifecycleState {
    INIT, STARTING, RUNNING, STOPPING, STOPPED, FAILED;

    /** The states this one may move to. STARTING may go straight to STOPPING when a stop arrives mid-start. */
    public Set<LifecycleState> next() {
        return switch (this) {
            case INIT -> EnumSet.of(STARTING, STOPPED, FAILED);
            case STARTING -> EnumSet.of(RUNNING, STOPPING, FAILED);
            case RUNNING -> EnumSet.of(STOPPING, FAILED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case STOPPED, FAILED -> EnumSet.noneOf(LifecycleState.class);
        };
    }

    public boolean isFinal() {
        return this == STOPPED || this == FAILED;
    }
}
