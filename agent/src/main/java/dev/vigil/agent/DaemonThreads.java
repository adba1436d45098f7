package dev.vigil.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the agent's threads: daemon, named {@code vigil-<role>-N}, so they never keep the host alive. */
public final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    public DaemonThreads(String role) {
        this.prefix = "vigil-" + role + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + counter.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) ->
                AgentLog.warn(thread.getName() + " failed: " + e));
        return t;
    }
}
