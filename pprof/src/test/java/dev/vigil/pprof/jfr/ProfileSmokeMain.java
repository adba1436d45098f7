package dev.vigil.pprof.jfr;

import dev.vigil.pprof.PprofWriter;
import dev.vigil.pprof.Profile;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a child JVM of a given JDK: takes CPU, allocation and live-heap profiles of known
 * workloads and writes them to the directory in args[0] for the test to read with go tool pprof.
 */
@SuppressWarnings("try") // try-with-resources only to stop the workload threads
public final class ProfileSmokeMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (JfrProfiler profiler = new JfrProfiler()) {
            if (!profiler.isAvailable()) {
                throw new IllegalStateException(profiler.unavailableReason());
            }
            profiler.startHeapSampling();
            try (Workloads w = new Workloads().cpu().allocations()) {
                write(profiler.cpu(Duration.ofMillis(800)), dir.resolve("cpu.pb.gz"));
                write(profiler.allocations(Duration.ofMillis(1000)), dir.resolve("alloc.pb.gz"));
            }
            Workloads.leakForTest(48);
            System.gc();
            profiler.liveHeap(); // an earlier emission, so the file holds two of them
            Profile heap = profiler.liveHeap();
            write(heap, dir.resolve("heap.pb.gz"));
            System.out.println("java.version=" + System.getProperty("java.version"));
            System.out.println("heap.samples=" + heap.total(0) + " heap.bytes=" + heap.total(1));
        }
    }

    private static void write(Profile p, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            PprofWriter.write(p, out);
        }
    }
}
