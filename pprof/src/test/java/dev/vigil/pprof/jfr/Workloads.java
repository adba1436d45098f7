package dev.vigil.pprof.jfr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Known workloads whose method names the profiles must show. Each runs on its own named daemon
 * thread until {@link #close()}. Uses the JDK only, so a child JVM can run it too.
 */
final class Workloads implements AutoCloseable {
    static volatile long sink;
    /** Keeps each allocation escaping, so the JIT cannot remove it. */
    static volatile Object allocationSink;
    /** Objects kept alive by {@link #leakForTest}. */
    static final List<byte[]> LEAKED = new ArrayList<>();

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Workloads start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            while (running) {
                body.run();
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return this;
    }

    /** The first workload thread started. */
    Thread firstThread() {
        return threads.get(0);
    }

    Workloads cpu() {
        return start("vigil-test-burner", Workloads::burnCpuForTest);
    }

    Workloads allocations() {
        return start("vigil-test-allocator", Workloads::allocateForTest);
    }

    Workloads parking() {
        return start("vigil-test-parker", Workloads::parkForTest);
    }

    Workloads monitorContention() {
        Object monitor = new Object();
        start("vigil-test-monitor-holder", () -> holdMonitorForTest(monitor));
        return start("vigil-test-monitor-waiter", () -> contendMonitorForTest(monitor));
    }

    static void burnCpuForTest() {
        long x = sink;
        for (int i = 0; i < 5_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }

    static void allocateForTest() {
        long total = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] b = new byte[1024 + (i & 255)];
            allocationSink = b;
            total += b.length;
        }
        sink += total;
    }

    /** Allocates about {@code bytes} in 1 KB arrays, each escaping so the JIT keeps it. */
    static void allocateKnownAmountForTest(long bytes) {
        for (long done = 0; done < bytes; done += 1024 + 16) {
            allocationSink = new byte[1024];
        }
    }

    static void parkForTest() {
        LockSupport.parkNanos(5_000_000);
    }

    static void holdMonitorForTest(Object monitor) {
        synchronized (monitor) {
            LockSupport.parkNanos(20_000_000);
        }
        Thread.yield();
    }

    static void contendMonitorForTest(Object monitor) {
        synchronized (monitor) {
            sink++;
        }
    }

    /** Retains about {@code megabytes} in 16 KB arrays, allocating twice that. */
    static void leakForTest(int megabytes) {
        for (int i = 0; i < megabytes * 64 * 2; i++) {
            byte[] b = new byte[16 * 1024];
            if (i % 2 == 0) {
                synchronized (LEAKED) {
                    LEAKED.add(b);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            for (Thread t : threads) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
