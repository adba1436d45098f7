package dev.vigil.agent.probe;

import dev.vigil.core.series.SeriesStore;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Live and daemon thread counts, and loaded classes: the counts a thread or class-loader leak moves. */
public final class ThreadProbe implements Probe {
    private final ThreadMXBean threads;
    private final ClassLoadingMXBean classes;

    public ThreadProbe() {
        this(ManagementFactory.getThreadMXBean(), ManagementFactory.getClassLoadingMXBean());
    }

    ThreadProbe(ThreadMXBean threads, ClassLoadingMXBean classes) {
        this.threads = threads;
        this.classes = classes;
    }

    @Override
    public String name() {
        return "threads-and-classes";
    }

    @Override
    public void sample(SeriesStore store, long now) {
        store.record("threads.live", "threads", now, threads.getThreadCount());
        store.record("threads.daemon", "threads", now, threads.getDaemonThreadCount());
        store.record("classes.loaded", "classes", now, classes.getLoadedClassCount());
        store.record("classes.unloaded_total", "classes", now, classes.getUnloadedClassCount());
    }
}
