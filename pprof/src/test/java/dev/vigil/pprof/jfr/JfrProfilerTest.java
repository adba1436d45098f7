package dev.vigil.pprof.jfr;

import dev.vigil.pprof.GoPprof;
import dev.vigil.pprof.PprofWriter;
import dev.vigil.pprof.Profile;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("try") // try-with-resources only to stop the workload threads
class JfrProfilerTest {
    private static final JfrProfiler PROFILER = new JfrProfiler();

    @AfterAll
    static void stopSampling() {
        PROFILER.close();
    }

    static Path write(Profile p, Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            PprofWriter.write(p, out);
        }
        return file;
    }

    static long valueOfSamplesWithFrame(Profile p, String functionSuffix, int valueIndex) {
        return p.samples().stream()
                .filter(s -> s.stack().stream().anyMatch(f -> f.function().name().endsWith(functionSuffix)))
                .mapToLong(s -> s.value(valueIndex)).sum();
    }

    @Test
    void jfrIsAvailableInTheTestJvm() {
        assertThat(PROFILER.isAvailable()).as(PROFILER.unavailableReason()).isTrue();
        assertThat(PROFILER.unavailableReason()).isNull();
    }

    @Test
    void cpuProfileShowsTheBurningMethodAndRefusesASecondConcurrentOne(@TempDir Path dir) throws Exception {
        Profile p;
        try (Workloads w = new Workloads().cpu()) {
            CompletableFuture<Profile> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return PROFILER.cpu(Duration.ofMillis(1500));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitRecording("vigil-cpu");
            assertThatThrownBy(() -> PROFILER.cpu(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already being taken");
            p = running.get(30, TimeUnit.SECONDS);
        }
        assertThat(p.sampleTypes()).extracting(Profile.ValueType::type).containsExactly("samples", "cpu");
        assertThat(p.periodType()).isEqualTo(new Profile.ValueType("cpu", "nanoseconds"));
        assertThat(p.period()).isEqualTo(10_000_000);
        assertThat(p.durationNanos()).isBetween(1_400_000_000L, 10_000_000_000L);
        long burnSamples = valueOfSamplesWithFrame(p, ".burnCpuForTest", 0);
        // ~150 expected at 10 ms; the machine is shared, so only demand a clear signal
        assertThat(burnSamples).isGreaterThanOrEqualTo(10);
        assertThat(p.total(1)).isEqualTo(p.total(0) * 10_000_000);
        assertThat(p.samples()).anySatisfy(s -> {
            assertThat(s.labels()).containsEntry("thread", "vigil-test-burner");
            assertThat(s.stack().get(0).function().filename()).isEqualTo("dev/vigil/pprof/jfr/Workloads.java");
            assertThat(s.stack().get(0).line()).isPositive();
        });

        Path file = write(p, dir, "cpu.pb.gz");
        String top = GoPprof.run(file, "-top");
        assertThat(top).contains("Type: cpu").contains("dev.vigil.pprof.jfr.Workloads.burnCpuForTest");
        String traces = GoPprof.run(file, "-traces");
        assertThat(traces).contains("thread:  vigil-test-burner")
                // leaf first, then its callers: the method reference's hidden class, then the loop
                .containsPattern("Workloads\\.burnCpuForTest\\s*\\n\\s+\\S*Workloads\\$\\$Lambda\\S*\\s*\\n"
                        + "\\s+dev\\.vigil\\.pprof\\.jfr\\.Workloads\\.lambda\\$start\\$0\\s*\\n");
    }

    @Test
    void allocationProfileShowsTheAllocatorWithWeightsAndClasses(@TempDir Path dir) throws Exception {
        Profile p;
        try (Workloads w = new Workloads().allocations()) {
            p = PROFILER.allocations(Duration.ofMillis(800));
        }
        assertThat(p.sampleTypes()).extracting(t -> t.type() + "/" + t.unit())
                .containsExactly("alloc_objects/count", "alloc_space/bytes");
        long objects = valueOfSamplesWithFrame(p, ".allocateForTest", 0);
        long bytes = valueOfSamplesWithFrame(p, ".allocateForTest", 1);
        assertThat(objects).isGreaterThanOrEqualTo(5);
        // every sample weighs at least the object it sampled (>= 1 KB arrays here)
        assertThat(bytes).isGreaterThanOrEqualTo(objects * 1024);
        assertThat(p.samples()).anySatisfy(s -> assertThat(s.labels())
                .containsEntry("object_class", "byte[]").containsEntry("thread", "vigil-test-allocator"));

        Path file = write(p, dir, "alloc.pb.gz");
        assertThat(GoPprof.run(file, "-top", "-sample_index=alloc_space"))
                .contains("Workloads.allocateForTest").containsPattern("Total samples = \\d+(\\.\\d+)?[kMG]?B");
        assertThat(GoPprof.run(file, "-traces", "-sample_index=alloc_objects")).contains("object_class:  byte[]");
    }

    @Test
    void allocationBeforeTheProfileIsNotCounted() throws Exception {
        long beforeBytes = 2L << 30;
        long duringBytes = 256L << 20;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch allocatedBefore = new CountDownLatch(1);
        Thread allocator = new Thread(() -> {
            Workloads.allocateKnownAmountForTest(beforeBytes);
            allocatedBefore.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            Workloads.allocateKnownAmountForTest(duringBytes);
        }, "vigil-test-known-allocator");
        allocator.setDaemon(true);
        allocator.start();
        assertThat(allocatedBefore.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Profile> running = CompletableFuture.supplyAsync(() -> {
            try {
                return PROFILER.allocations(Duration.ofMillis(1000));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        awaitRecording("vigil-allocations");
        go.countDown();
        Profile p = running.get(30, TimeUnit.SECONDS);
        allocator.join(10_000);
        long bytes = p.samples().stream().filter(s -> "vigil-test-known-allocator".equals(s.labels().get("thread")))
                .mapToLong(s -> s.value(1)).sum();
        // JFR weighs a thread's first sample with everything it allocated since its previous sample,
        // here the 2 GB allocated before the profile; those bytes must not show up.
        assertThat(bytes).isPositive().isLessThanOrEqualTo(2 * duringBytes);
    }

    @Test
    void blockProfileShowsParkingWithDelays(@TempDir Path dir) throws Exception {
        Profile p;
        try (Workloads w = new Workloads().parking()) {
            p = PROFILER.block(Duration.ofMillis(1000));
        }
        assertThat(p.sampleTypes()).extracting(t -> t.type() + "/" + t.unit())
                .containsExactly("contentions/count", "delay/nanoseconds");
        long contentions = valueOfSamplesWithFrame(p, ".parkForTest", 0);
        long delayNanos = valueOfSamplesWithFrame(p, ".parkForTest", 1);
        assertThat(contentions).isGreaterThanOrEqualTo(20); // ~190 parks of 5 ms
        // each counted park is at least the 1 ms threshold and about 5 ms long
        assertThat(delayNanos).isBetween(contentions * 1_000_000, contentions * 100_000_000);
        assertThat(delayNanos / contentions).isGreaterThanOrEqualTo(4_000_000);

        Path file = write(p, dir, "block.pb.gz");
        assertThat(GoPprof.run(file, "-top")).contains("Type: delay", "Workloads.parkForTest", "LockSupport.parkNanos");
        assertThat(GoPprof.run(file, "-traces")).contains("thread:  vigil-test-parker");
    }

    @Test
    void mutexProfileShowsMonitorContention(@TempDir Path dir) throws Exception {
        Profile p;
        try (Workloads w = new Workloads().monitorContention()) {
            p = PROFILER.mutex(Duration.ofMillis(1200));
        }
        long contentions = valueOfSamplesWithFrame(p, ".contendMonitorForTest", 0);
        long delayNanos = valueOfSamplesWithFrame(p, ".contendMonitorForTest", 1);
        assertThat(contentions).isGreaterThanOrEqualTo(3);
        assertThat(delayNanos).isGreaterThanOrEqualTo(contentions * 1_000_000);
        assertThat(p.samples()).anySatisfy(s -> assertThat(s.labels())
                .containsEntry("monitor_class", "java.lang.Object").containsEntry("thread", "vigil-test-monitor-waiter"));

        Path file = write(p, dir, "mutex.pb.gz");
        assertThat(GoPprof.run(file, "-top")).contains("Type: delay", "Workloads.contendMonitorForTest");
        assertThat(GoPprof.run(file, "-traces")).contains("monitor_class:  java.lang.Object");
    }

    @Test
    void traceIsAnOwnerOnlyJfrFileWithProfilingEventsAndNoEnvironment(@TempDir Path dir) throws Exception {
        Path file;
        try (Workloads w = new Workloads().cpu()) {
            file = PROFILER.trace(Duration.ofMillis(800), dir);
        }
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString()).startsWith("vigil-trace-").endsWith(".jfr");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        Set<String> types = new HashSet<>();
        Set<String> recordingNames = new HashSet<>();
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                types.add(e.getEventType().getName());
                if (e.getEventType().getName().equals("jdk.ActiveRecording")) {
                    recordingNames.add(e.getString("name"));
                }
            }
        }
        assertThat(recordingNames).contains("vigil-trace");
        // "profile" settings: sampling, native sampling, parking, JVM information
        assertThat(types).contains("jdk.ExecutionSample", "jdk.NativeMethodSample", "jdk.JVMInformation")
                .doesNotContain("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty");
    }

    @Test
    void liveHeapShowsRetainedObjectsOnceEachAcrossRepeatedDumps(@TempDir Path dir) throws Exception {
        assertThatThrownBy(PROFILER::liveHeap).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        PROFILER.startHeapSampling();
        PROFILER.startHeapSampling(); // idempotent
        try {
            assertThat(PROFILER.isHeapSampling()).isTrue();
            Workloads.leakForTest(64);
            System.gc(); // old-object samples are emitted only once they survived a GC
            Profile first = PROFILER.liveHeap();
            Profile second = PROFILER.liveHeap();
            Profile third = PROFILER.liveHeap();
            long leaked = valueOfSamplesWithFrame(first, ".leakForTest", 0);
            assertThat(leaked).isGreaterThanOrEqualTo(1);
            // repeated dumps re-emit the same live samples; each must be counted once
            assertThat(valueOfSamplesWithFrame(third, ".leakForTest", 0)).isEqualTo(leaked);
            assertThat(second.total(0)).isEqualTo(first.total(0));
            assertThat(third.total(0)).isEqualTo(first.total(0)).isLessThanOrEqualTo(256);
            assertThat(first.samples()).anySatisfy(s -> assertThat(s.labels())
                    .containsEntry("object_class", "byte[]").containsEntry("array_elements", "16384"));
            long leakedBytes = valueOfSamplesWithFrame(first, ".leakForTest", 1);
            if (Runtime.version().feature() >= 25) {
                assertThat(leakedBytes).isGreaterThanOrEqualTo(leaked * 16 * 1024);
            } else if (Runtime.version().feature() == 17) {
                assertThat(leakedBytes).isZero();
                assertThat(first.defaultSampleType()).isEqualTo("inuse_objects");
            }

            Path file = write(first, dir, "heap.pb.gz");
            assertThat(GoPprof.run(file, "-top", "-sample_index=inuse_objects")).contains("Workloads.leakForTest");
            assertThat(GoPprof.run(file, "-traces")).contains("object_class:  byte[]");
        } finally {
            PROFILER.stopHeapSampling();
            synchronized (Workloads.LEAKED) {
                Workloads.LEAKED.clear();
            }
        }
        assertThat(PROFILER.isHeapSampling()).isFalse();
        assertThat(vigilRecordings()).isEmpty();
    }

    @Test
    void interruptionStopsTheRecordingAndDeletesItsTempFile() throws Exception {
        Set<Path> before = vigilTempFiles();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                PROFILER.block(Duration.ofSeconds(30));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        awaitRecording("vigil-block");
        t.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(vigilRecordings()).isEmpty();
        assertThat(vigilTempFiles()).isEqualTo(before);
        // and the block profile is free again
        assertThat(PROFILER.block(Duration.ofMillis(50)).sampleTypes()).hasSize(2);
    }

    @Test
    void stacksDeeperThanTheLimitEndInATruncationMarker() throws Exception {
        JfrProfiler shallow = new JfrProfiler(JfrProfiler.Options.defaults().withMaxStackDepth(2));
        Profile p;
        try (Workloads w = new Workloads().parking()) {
            p = shallow.block(Duration.ofMillis(300));
        }
        assertThat(p.samples()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.stack()).hasSizeLessThanOrEqualTo(3);
            if (s.stack().size() == 3) {
                assertThat(s.stack().get(2).function().name()).isEqualTo("[truncated stack]");
            }
        });
        assertThat(p.samples()).anySatisfy(s -> assertThat(s.stack()).hasSize(3));
    }

    @Test
    void liveHeapNoticesARecordingStoppedBehindItsBack() throws Exception {
        JfrProfiler profiler = new JfrProfiler();
        profiler.startHeapSampling();
        try {
            FlightRecorder.getFlightRecorder().getRecordings().stream()
                    .filter(r -> r.getName().equals("vigil-live-heap")).forEach(Recording::stop);
            assertThatThrownBy(profiler::liveHeap).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stopped outside Vigil");
            assertThat(profiler.isHeapSampling()).isFalse();
        } finally {
            profiler.close();
        }
        assertThat(vigilRecordings()).isEmpty();
    }

    @Test
    void rejectsDurationsThatAreNotPositiveOrTooLong() {
        assertThatThrownBy(() -> PROFILER.cpu(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> PROFILER.allocations(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PROFILER.mutex(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PROFILER.trace(Duration.ofHours(2), Path.of("/tmp")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum");
    }

    @Test
    void javaTypeNamesReadLikeSource() {
        assertThat(JfrRecorder.javaTypeName("[B")).isEqualTo("byte[]");
        assertThat(JfrRecorder.javaTypeName("[[J")).isEqualTo("long[][]");
        assertThat(JfrRecorder.javaTypeName("[Ljava.lang.String;")).isEqualTo("java.lang.String[]");
        assertThat(JfrRecorder.javaTypeName("java.lang.Object")).isEqualTo("java.lang.Object");
    }

    private static List<String> vigilRecordings() {
        return FlightRecorder.getFlightRecorder().getRecordings().stream()
                .map(Recording::getName).filter(n -> n.startsWith("vigil-")).toList();
    }

    private static void awaitRecording(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!vigilRecordings().contains(name)) {
            assertThat(System.nanoTime()).as("recording " + name + " started").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Set<Path> vigilTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new HashSet<>(files.filter(f -> f.getFileName().toString().startsWith("vigil-")
                    && f.getFileName().toString().endsWith(".jfr")).toList());
        }
    }
}
