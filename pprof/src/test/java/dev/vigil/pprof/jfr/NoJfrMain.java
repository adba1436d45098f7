package dev.vigil.pprof.jfr;

import dev.vigil.pprof.PprofWriter;
import dev.vigil.pprof.threads.ThreadDump;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM without JFR (--limit-modules or -XX:-FlightRecorder): every JfrProfiler call
 * must fail with IllegalStateException carrying the reason, never with a linkage error.
 * Prints one line per check; the test reads them.
 */
public final class NoJfrMain {
    public static void main(String[] args) throws Exception {
        JfrProfiler profiler = new JfrProfiler();
        System.out.println("available=" + profiler.isAvailable());
        System.out.println("reason=" + profiler.unavailableReason());
        System.out.println("cpu=" + failure(() -> profiler.cpu(Duration.ofMillis(10))));
        System.out.println("allocations=" + failure(() -> profiler.allocations(Duration.ofMillis(10))));
        System.out.println("block=" + failure(() -> profiler.block(Duration.ofMillis(10))));
        System.out.println("mutex=" + failure(() -> profiler.mutex(Duration.ofMillis(10))));
        System.out.println("trace=" + failure(() -> profiler.trace(Duration.ofMillis(10), Path.of("."))));
        System.out.println("startHeapSampling=" + failure(() -> {
            profiler.startHeapSampling();
            return null;
        }));
        System.out.println("liveHeap=" + failure(profiler::liveHeap));
        System.out.println("isHeapSampling=" + profiler.isHeapSampling());
        profiler.close();
        // the rest of the module works without JFR
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PprofWriter.write(ThreadDump.capture().toProfile(), out);
        System.out.println("threadProfileBytes=" + out.size());
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static String failure(Call call) {
        try {
            call.call();
            return "no exception";
        } catch (Throwable t) {
            return t.getClass().getName() + ": " + t.getMessage();
        }
    }
}
