package dev.vigil.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state machine of one service: only the moves {@link LifecycleState#next()} allows, each logged and kept
 * (the last {@value #MAX_HISTORY}) for /debug/vars, each passed to listeners.
 */
public final class Lifecycle {
    static final int MAX_HISTORY = 32;

    public record Transition(LifecycleState from, LifecycleState to, long atMillis, String reason) {
    }

    private final String serviceName;
    private final Deque<Transition> history = new ArrayDeque<>();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private LifecycleState state = LifecycleState.INIT;
    private long sinceMillis = System.currentTimeMillis();

    public Lifecycle(String serviceName) {
        this.serviceName = serviceName;
    }

    public synchronized LifecycleState state() {
        return state;
    }

    public synchronized long sinceMillis() {
        return sinceMillis;
    }

    /** Oldest first. */
    public synchronized List<Transition> history() {
        return List.copyOf(history);
    }

    public void onTransition(Consumer<Transition> listener) {
        listeners.add(listener);
    }

    /** Moves to {@code to} if the current state allows it; false (and nothing changes) otherwise. */
    public boolean moveTo(LifecycleState to, String reason) {
        return move(null, to, reason);
    }

    /** Moves only from {@code expected}: lets two threads race for a transition without both winning. */
    public boolean moveFrom(LifecycleState expected, LifecycleState to, String reason) {
        return move(expected, to, reason);
    }

    private boolean move(LifecycleState expected, LifecycleState to, String reason) {
        Transition transition;
        synchronized (this) {
            if (expected != null && state != expected) return false;
            if (!state.next().contains(to)) return false;
            long now = System.currentTimeMillis();
            transition = new Transition(state, to, now, reason);
            state = to;
            sinceMillis = now;
            history.addLast(transition);
            if (history.size() > MAX_HISTORY) history.removeFirst();
        }
        String line = "service " + serviceName + ": " + transition.from() + " -> " + to
                + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
        if (to == LifecycleState.FAILED) ServiceLog.warn(line); else ServiceLog.info(line);
        for (Consumer<Transition> listener : listeners) {
            try {
                listener.accept(transition);
            } catch (RuntimeException e) {
                ServiceLog.warn("lifecycle listener failed: " + e);
            }
        }
        return true;
    }
}
