package dev.vigil.pprof.jfr;

import dev.vigil.pprof.Profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes Go-style profiles of this JVM with JDK Flight Recorder: CPU, allocations, blocking
 * (parking), monitor contention, live heap, and raw JFR recordings for JDK Mission Control.
 *
 * <p>This class can be loaded and called in a JVM without the {@code jdk.jfr} module: every JFR
 * reference lives in package-private classes that are touched only after {@link #isAvailable()}
 * has checked for JFR. When JFR is missing, every profiling method throws
 * {@link IllegalStateException} with {@link #unavailableReason()} as its message (HTTP 503).
 *
 * <p>Errors a caller can map to HTTP statuses:
 * <ul>
 *   <li>{@link IllegalArgumentException}: a duration that is null, not positive, or above
 *       {@link Options#maxDuration()} (400);</li>
 *   <li>{@link IllegalStateException}: JFR unavailable, the same kind of profile already running,
 *       or {@link #liveHeap()} without {@link #startHeapSampling()} (503);</li>
 *   <li>{@link InterruptedException}: the waiting thread was interrupted; the recording is closed
 *       and its temp file deleted before it is thrown.</li>
 * </ul>
 *
 * <p>Each timed profile runs its own short JFR recording named {@code vigil-<kind>}, written to an
 * owner-only temp file that is streamed event by event into a bounded {@link Profile} and deleted.
 * At most one profile of each kind runs at a time.
 */
public final class JfrProfiler implements AutoCloseable {

    /**
     * Limits and thresholds.
     *
     * @param maxDuration          longest duration a caller may ask for
     * @param maxSamples           cap on distinct (stack, labels) samples per profile
     * @param maxStackDepth        frames kept per stack (JFR itself records at most 64 by default)
     * @param cpuInterval          jdk.ExecutionSample period
     * @param contentionThreshold  shortest park / monitor wait recorded by block and mutex profiles
     * @param allocationSamplesPerSecond jdk.ObjectAllocationSample throttle
     * @param maxRecordingBytes    disk cap of a timed recording and of a trace file
     * @param heapSamplingMaxAge   how long the continuous live-heap recording keeps its data
     * @param heapSamplingMaxBytes disk cap of the continuous live-heap recording
     */
    public record Options(Duration maxDuration, int maxSamples, int maxStackDepth, Duration cpuInterval,
                          Duration contentionThreshold, int allocationSamplesPerSecond, long maxRecordingBytes,
                          Duration heapSamplingMaxAge, long heapSamplingMaxBytes) {
        public Options {
            Objects.requireNonNull(maxDuration, "maxDuration");
            Objects.requireNonNull(cpuInterval, "cpuInterval");
            Objects.requireNonNull(contentionThreshold, "contentionThreshold");
            Objects.requireNonNull(heapSamplingMaxAge, "heapSamplingMaxAge");
            if (maxSamples < 1 || maxStackDepth < 1 || allocationSamplesPerSecond < 1
                    || maxRecordingBytes < 1 || heapSamplingMaxBytes < 1) {
                throw new IllegalArgumentException("limits must be positive: " + this);
            }
            if (cpuInterval.toMillis() < 1) {
                throw new IllegalArgumentException("cpuInterval must be at least 1 ms, was " + cpuInterval);
            }
        }

        /**
         * 10 minutes max duration, 20 000 distinct samples, 64 frames, 10 ms CPU interval,
         * 1 ms contention threshold, 300 allocation samples/s, 256 MB per recording,
         * live-heap recording kept 30 minutes / 16 MB.
         */
        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), Profile.DEFAULT_MAX_SAMPLES, 64, Duration.ofMillis(10),
                    Duration.ofMillis(1), 300, 256L << 20, Duration.ofMinutes(30), 16L << 20);
        }

        public Options withContentionThreshold(Duration threshold) {
            return new Options(maxDuration, maxSamples, maxStackDepth, cpuInterval, threshold,
                    allocationSamplesPerSecond, maxRecordingBytes, heapSamplingMaxAge, heapSamplingMaxBytes);
        }

        public Options withCpuInterval(Duration interval) {
            return new Options(maxDuration, maxSamples, maxStackDepth, interval, contentionThreshold,
                    allocationSamplesPerSecond, maxRecordingBytes, heapSamplingMaxAge, heapSamplingMaxBytes);
        }

        public Options withMaxSamples(int max) {
            return new Options(maxDuration, max, maxStackDepth, cpuInterval, contentionThreshold,
                    allocationSamplesPerSecond, maxRecordingBytes, heapSamplingMaxAge, heapSamplingMaxBytes);
        }

        public Options withMaxStackDepth(int depth) {
            return new Options(maxDuration, maxSamples, depth, cpuInterval, contentionThreshold,
                    allocationSamplesPerSecond, maxRecordingBytes, heapSamplingMaxAge, heapSamplingMaxBytes);
        }

        public Options withMaxDuration(Duration max) {
            return new Options(max, maxSamples, maxStackDepth, cpuInterval, contentionThreshold,
                    allocationSamplesPerSecond, maxRecordingBytes, heapSamplingMaxAge, heapSamplingMaxBytes);
        }
    }

    private final Options options;
    // Both set by probe() at the first use: FlightRecorder.isAvailable() initialises part of JFR, work that need not
    // run in an agent's premain, before the host's main, when nobody asks for a profile.
    private boolean probed; // guarded by this
    private volatile String unavailableReason;
    private volatile JfrRecorder recorder; // null when JFR is unavailable; never loaded in that case
    private final AtomicBoolean cpuBusy = new AtomicBoolean();
    private final AtomicBoolean allocationsBusy = new AtomicBoolean();
    private final AtomicBoolean blockBusy = new AtomicBoolean();
    private final AtomicBoolean mutexBusy = new AtomicBoolean();
    private final AtomicBoolean traceBusy = new AtomicBoolean();

    public JfrProfiler() {
        this(Options.defaults());
    }

    public JfrProfiler(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    private synchronized void probe() {
        if (probed) return;
        String reason = JfrAvailability.unavailableReason();
        recorder = reason == null ? new JfrRecorder(options) : null;
        unavailableReason = reason;
        probed = true;
    }

    public Options options() {
        return options;
    }

    /** Whether JFR can record in this JVM. */
    public boolean isAvailable() {
        probe();
        return unavailableReason == null;
    }

    /** Why JFR cannot record here, as a sentence for an HTTP 503 body; null when it can. */
    public String unavailableReason() {
        probe();
        return unavailableReason;
    }

    /**
     * CPU profile from jdk.ExecutionSample: every {@link Options#cpuInterval()} JFR samples the stacks
     * of threads running Java code. Sample types {@code samples/count} and {@code cpu/nanoseconds}
     * (samples x interval), period type {@code cpu/nanoseconds}, label {@code thread}.
     */
    public Profile cpu(Duration duration) throws IOException, InterruptedException {
        checkDuration(duration);
        return exclusive(cpuBusy, "CPU profile", () -> recorder().cpu(duration));
    }

    /**
     * Allocation profile from jdk.ObjectAllocationSample (throttled to
     * {@link Options#allocationSamplesPerSecond()}): {@code alloc_objects/count} counts samples
     * (not scaled up), {@code alloc_space/bytes} sums JFR's weight, an estimate of all bytes
     * allocated; labels {@code thread} and {@code object_class}.
     */
    public Profile allocations(Duration duration) throws IOException, InterruptedException {
        checkDuration(duration);
        return exclusive(allocationsBusy, "allocation profile", () -> recorder().allocations(duration));
    }

    /**
     * Block profile from jdk.ThreadPark (LockSupport.park: locks, queues, futures, sleeps in
     * j.u.c) at least {@link Options#contentionThreshold()} long: {@code contentions/count},
     * {@code delay/nanoseconds}; labels {@code thread} and {@code parked_class}.
     */
    public Profile block(Duration duration) throws IOException, InterruptedException {
        checkDuration(duration);
        return exclusive(blockBusy, "block profile", () -> recorder().block(duration));
    }

    /**
     * Mutex profile from jdk.JavaMonitorEnter (waiting to enter a {@code synchronized} monitor)
     * at least {@link Options#contentionThreshold()} long: {@code contentions/count},
     * {@code delay/nanoseconds}; labels {@code thread} and {@code monitor_class}.
     */
    public Profile mutex(Duration duration) throws IOException, InterruptedException {
        checkDuration(duration);
        return exclusive(mutexBusy, "mutex profile", () -> recorder().mutex(duration));
    }

    /**
     * Records a JFR file with the JDK's "profile" settings for {@code duration} into {@code dir}
     * (owner-only, named {@code vigil-trace-*.jfr}) for JDK Mission Control. The caller owns the
     * returned file and deletes it. Environment variables and system properties events are
     * disabled because they often hold secrets; jdk.JVMInformation still lists JVM arguments.
     */
    public Path trace(Duration duration, Path dir) throws IOException, InterruptedException {
        checkDuration(duration);
        Objects.requireNonNull(dir, "dir");
        return exclusive(traceBusy, "trace recording", () -> recorder().trace(duration, dir));
    }

    /**
     * Starts the continuous live-heap recording (only jdk.OldObjectSample, no paths to GC roots,
     * bounded by {@link Options#heapSamplingMaxAge()} / {@link Options#heapSamplingMaxBytes()}).
     * Idempotent. Objects allocated before this call are never sampled.
     */
    public void startHeapSampling() {
        recorder().startHeapSampling();
    }

    public boolean isHeapSampling() {
        JfrRecorder r = recorder; // not probed yet: nothing was started
        return r != null && r.isHeapSampling();
    }

    /** Stops and discards the live-heap recording; idempotent. */
    public void stopHeapSampling() {
        JfrRecorder r = recorder;
        if (r != null) {
            r.stopHeapSampling();
        }
    }

    /**
     * Sampled live objects with their allocation stacks, from the newest jdk.OldObjectSample
     * emission. Only objects that were sampled at allocation (JFR keeps up to 256 by default),
     * have survived at least one GC, and are still alive appear. {@code inuse_objects/count} is 1
     * per sampled object (not scaled); {@code inuse_space/bytes} is the object's size where JFR
     * reports it (JDK 25 does, JDK 17 does not) and 0 otherwise, in which case inuse_objects is the default type.
     *
     * @throws IllegalStateException if {@link #startHeapSampling()} was not called
     */
    public Profile liveHeap() throws IOException {
        return recorder().liveHeap();
    }

    /** Stops heap sampling. Timed profiles in flight finish on their own. */
    @Override
    public void close() {
        stopHeapSampling();
    }

    private JfrRecorder recorder() {
        probe();
        JfrRecorder r = recorder;
        if (r == null) {
            throw new IllegalStateException(unavailableReason);
        }
        return r;
    }

    private void checkDuration(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, was " + duration);
        }
        if (duration.compareTo(options.maxDuration()) > 0) {
            throw new IllegalArgumentException("duration " + duration + " is longer than the maximum of "
                    + options.maxDuration());
        }
    }

    private <T> T exclusive(AtomicBoolean busy, String what, ProfileTask<T> task)
            throws IOException, InterruptedException {
        recorder(); // unavailable JFR wins over "busy" as the reason
        if (!busy.compareAndSet(false, true)) {
            throw new IllegalStateException("a " + what + " is already being taken; try again when it finishes");
        }
        try {
            return task.run();
        } finally {
            busy.set(false);
        }
    }

    private interface ProfileTask<T> {
        T run() throws IOException, InterruptedException;
    }
}
