package dev.vigil.cli.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A program with known hot spots for the integration tests: each frame name starts with {@code vigilWorkload} so
 * tests can find it in profiles. Runs until killed or for at most {@code args[0]} seconds (default 300).
 */
public final class Workload {
    static final List<byte[]> RETAINED = new ArrayList<>();
    static final Object MONITOR = new Object();
    static volatile double sink;

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 300;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        if (args.length > 1 && args[1].equals("publish")) {
            dev.vigil.agent.Vigil.publish("workload_answer", () -> 42);
        }
        start("vigil-it-parker", Workload::vigilWorkloadParker);
        start("vigil-it-contender-a", Workload::vigilWorkloadContender);
        start("vigil-it-contender-b", Workload::vigilWorkloadContender);
        start("vigil-it-allocator", Workload::vigilWorkloadAllocator);
        System.out.println("workload ready");
        System.out.flush();
        while (System.nanoTime() < deadline) {
            sink = vigilWorkloadCpuBurner();
        }
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    static double vigilWorkloadCpuBurner() {
        double x = 0;
        for (int i = 0; i < 200_000; i++) x += Math.sqrt(i);
        return x;
    }

    static void vigilWorkloadAllocator() {
        while (true) {
            byte[] chunk = new byte[64 * 1024];
            synchronized (RETAINED) {
                RETAINED.add(chunk);
                if (RETAINED.size() > 2000) RETAINED.subList(0, 1000).clear();
            }
            LockSupport.parkNanos(200_000);
        }
    }

    static void vigilWorkloadParker() {
        while (true) LockSupport.parkNanos(30_000_000L);
    }

    static void vigilWorkloadContender() {
        while (true) {
            synchronized (MONITOR) {
                LockSupport.parkNanos(25_000_000L);
            }
        }
    }
}
