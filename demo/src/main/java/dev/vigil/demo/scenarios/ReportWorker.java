package dev.vigil.demo.scenarios;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Leak: threads. Each report request starts a {@code ReportWorker} thread that renders the report and then waits for
 * follow-up work on its own queue, which nobody ever feeds or closes: one parked thread per request, for ever.
 * The budget is {@code THREAD_LIMIT} threads (a container's {@code pids.max}); what the JVM has at start counts
 * against it.
 */
public final class ReportWorker extends Thread {
    static final int THREAD_LIMIT = 2000;
    static final List<ReportWorker> STARTED = new CopyOnWriteArrayList<>();
    private static int counter;
    private final BlockingQueue<Runnable> followUps = new LinkedBlockingQueue<>();

    private ReportWorker(String name) {
        super(name);
        setDaemon(true);
    }

    static synchronized ReportWorker startFor(long reportId) {
        ReportWorker w = new ReportWorker("ReportWorker-" + (++counter));
        STARTED.add(w);
        w.start();
        return w;
    }

    @Override
    public void run() {
        byte[] report = new byte[4096]; // render
        report[0] = 1;
        try {
            while (true) followUps.take().run(); // the bug: nobody sends work or stops the worker
        } catch (InterruptedException e) {
            // stopped (tests only)
        }
    }

    /** Tests only: stop every worker started so far. */
    static void stopAll() throws InterruptedException {
        for (ReportWorker w : STARTED) w.interrupt();
        for (ReportWorker w : STARTED) w.join(5000);
        STARTED.clear();
    }

    static void run(Scenario.Options o, long deadline) {
        int live = ManagementFactory.getThreadMXBean().getThreadCount();
        double capacity = THREAD_LIMIT - live;
        double perSecond = o.ratePerSecond(capacity, 1);
        Scenario.announceLeak("thread", o, capacity, perSecond * 60, " threads");
        Scenario.Pacer pacer = new Scenario.Pacer(perSecond);
        long report = 0;
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) startFor(report++);
            Scenario.pause(200);
        }
    }
}
