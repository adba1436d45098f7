package dev.vigil.demo.scenarios;

import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Healthy: an elastic thread pool. Resize jobs arrive at 1/s, with a burst of 40-120 jobs/s for 15-40 s every
 * 1-4 minutes (at speed 1). The {@code ThreadPoolExecutor} (2 core threads, up to 64, 30 s keep-alive, direct hand-off)
 * grows to 15-40 threads in a burst and shrinks back to 2 after it. Threads are created and die all the time, but
 * the live count has no trend.
 */
public final class ImageResizePool {
    static final int CORE = 2;
    static final int MAX = 64;
    static volatile long sink;

    static ThreadPoolExecutor newPool(long keepAliveMillis) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "resize-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(CORE, MAX, keepAliveMillis, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                factory, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    static void resize(int id) {
        byte[] pixels = new byte[64 * 1024];
        pixels[id % pixels.length] = 1;
        sink += pixels.length;
        Scenario.pause(300); // waiting on the image store
    }

    static void run(Scenario.Options o, long deadline) {
        Scenario.announceHealthy("elastic-pool", "core=" + CORE + " max=" + MAX + " keep_alive_s=30");
        Random random = new Random(o.seed());
        ThreadPoolExecutor pool = newPool((long) (30_000 / o.speed()));
        Scenario.Pacer trickle = new Scenario.Pacer(1);
        long nextBurst = System.nanoTime() + (long) ((60 + random.nextInt(121)) * 1e9 / o.speed());
        int job = 0;
        while (Scenario.before(deadline)) {
            if (System.nanoTime() - nextBurst >= 0) {
                double rate = 40 + random.nextInt(81);
                long end = System.nanoTime() + (long) ((15 + random.nextInt(26)) * 1e9);
                Scenario.Pacer burst = new Scenario.Pacer(rate);
                while (System.nanoTime() - end < 0 && Scenario.before(deadline)) {
                    for (int n = burst.due(); n > 0; n--) submit(pool, job++);
                    Scenario.pause(50);
                }
                System.out.printf("elastic-pool: burst at %.0f jobs/s, pool size %d%n", rate, pool.getPoolSize());
                nextBurst = System.nanoTime() + (long) ((60 + random.nextInt(181)) * 1e9 / o.speed());
            }
            for (int n = trickle.due(); n > 0; n--) submit(pool, job++);
            Scenario.pause(100);
        }
        pool.shutdownNow();
    }

    private static void submit(ThreadPoolExecutor pool, int id) {
        try {
            pool.execute(() -> resize(id));
        } catch (RejectedExecutionException e) {
            // shut down
        }
    }

    private ImageResizePool() {
    }
}
