package dev.vigil.pprof.jfr;

import dev.vigil.pprof.Profile;
import dev.vigil.pprof.Profile.Frame;
import dev.vigil.pprof.Profile.ValueType;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * All jdk.jfr code. Loaded only when {@link JfrAvailability} found the module, so that
 * {@link JfrProfiler} links in JVMs without it.
 */
final class JfrRecorder {
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String OBJECT_ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    static final String THREAD_PARK = "jdk.ThreadPark";
    static final String JAVA_MONITOR_ENTER = "jdk.JavaMonitorEnter";
    static final String OLD_OBJECT_SAMPLE = "jdk.OldObjectSample";

    private static final Frame NO_STACK = Frame.synthetic("[no stack trace]");
    private static final Frame TRUNCATED = Frame.synthetic("[truncated stack]");

    private final JfrProfiler.Options options;
    private final Object heapLock = new Object();
    private Recording heapRecording; // guarded by heapLock
    private Instant heapSamplingStarted; // guarded by heapLock

    JfrRecorder(JfrProfiler.Options options) {
        this.options = options;
    }

    static String recorderUnavailableReason() {
        if (!FlightRecorder.isAvailable()) {
            return "JFR is not available in this JVM (FlightRecorder.isAvailable() is false:"
                    + " disabled with -XX:-FlightRecorder or not supported on this platform).";
        }
        return null;
    }

    Profile cpu(Duration duration) throws IOException, InterruptedException {
        long intervalNanos = options.cpuInterval().toNanos();
        return record("cpu", duration,
                r -> r.enable(EXECUTION_SAMPLE).withPeriod(options.cpuInterval()).withStackTrace(),
                Profile.builder(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"))
                        .periodType("cpu", "nanoseconds").period(intervalNanos)
                        .comment("JFR jdk.ExecutionSample every " + options.cpuInterval().toMillis()
                                + " ms; samples only threads running Java code, a few threads per interval"),
                (b, file) -> forEachEvent(file, EXECUTION_SAMPLE,
                        e -> b.add(stack(e), labels(e.getThread("sampledThread")), 1, intervalNanos)));
    }

    Profile allocations(Duration duration) throws IOException, InterruptedException {
        return record("allocations", duration,
                r -> r.enable(OBJECT_ALLOCATION_SAMPLE)
                        .with("throttle", options.allocationSamplesPerSecond() + "/s").withStackTrace(),
                Profile.builder(new ValueType("alloc_objects", "count"), new ValueType("alloc_space", "bytes"))
                        .comment("JFR jdk.ObjectAllocationSample throttled to " + options.allocationSamplesPerSecond()
                                + "/s; alloc_objects counts samples (not scaled), alloc_space sums sample weights,"
                                + " an estimate of all bytes allocated")
                        .comment("each thread's first sample is left out: its weight counts bytes allocated"
                                + " since that thread's previous sample, before this profile started"),
                (b, file) -> {
                    // A sample's weight is the thread's bytes allocated since its previous sample, so the
                    // first one per thread can hold minutes of allocation from before the recording.
                    Map<Long, Instant> firstSample = new HashMap<>();
                    forEachEvent(file, OBJECT_ALLOCATION_SAMPLE, e -> firstSample.merge(threadId(e.getThread()),
                            e.getStartTime(), (a, c) -> c.isBefore(a) ? c : a));
                    forEachEvent(file, OBJECT_ALLOCATION_SAMPLE, e -> {
                        long threadId = threadId(e.getThread());
                        Instant first = firstSample.get(threadId);
                        if (first != null && first.equals(e.getStartTime())) {
                            firstSample.remove(threadId); // skip exactly one event per thread
                            return;
                        }
                        Map<String, String> labels = labels(e.getThread());
                        putClass(labels, "object_class", e.getClass("objectClass"));
                        b.add(stack(e), labels, 1, e.getLong("weight"));
                    });
                });
    }

    Profile block(Duration duration) throws IOException, InterruptedException {
        return contention("block", THREAD_PARK, "parkedClass", "parked_class", duration);
    }

    Profile mutex(Duration duration) throws IOException, InterruptedException {
        return contention("mutex", JAVA_MONITOR_ENTER, "monitorClass", "monitor_class", duration);
    }

    private Profile contention(String kind, String eventName, String classField, String classLabel,
                               Duration duration) throws IOException, InterruptedException {
        Duration threshold = options.contentionThreshold();
        return record(kind, duration,
                r -> r.enable(eventName).withThreshold(threshold).withStackTrace(),
                Profile.builder(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds"))
                        .periodType("contentions", "count").period(1)
                        .comment("JFR " + eventName + " events of at least " + threshold.toNanos() / 1000
                                + " us; shorter waits are not counted"),
                (b, file) -> forEachEvent(file, eventName, e -> {
                    Map<String, String> labels = labels(e.getThread());
                    putClass(labels, classLabel, e.getClass(classField));
                    b.add(stack(e), labels, 1, e.getDuration().toNanos());
                }));
    }

    Path trace(Duration duration, Path dir) throws IOException, InterruptedException {
        Configuration profile;
        try {
            profile = Configuration.getConfiguration("profile");
        } catch (ParseException e) {
            throw new IOException("the JDK's JFR \"profile\" settings could not be read", e);
        }
        Files.createDirectories(dir);
        // createTempFile makes the file owner-only on POSIX; the dump keeps those permissions.
        Path file = Files.createTempFile(dir, "vigil-trace-", ".jfr");
        boolean done = false;
        try (Recording r = new Recording(profile)) {
            r.setName("vigil-trace");
            // often hold secrets (tokens in env, passwords in -D properties)
            r.disable("jdk.InitialEnvironmentVariable");
            r.disable("jdk.InitialSystemProperty");
            r.setToDisk(true);
            r.setMaxSize(options.maxRecordingBytes());
            r.start();
            Thread.sleep(duration.toMillis());
            r.stop();
            r.dump(file);
            done = true;
            return file;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
    }

    void startHeapSampling() {
        synchronized (heapLock) {
            if (heapRecording != null) {
                return;
            }
            Recording r = new Recording();
            try {
                r.setName("vigil-live-heap");
                // cutoff 0: never search paths to GC roots, which would stop the world at dump time
                r.enable(OLD_OBJECT_SAMPLE).with("cutoff", "0 ns").withStackTrace();
                r.setToDisk(true);
                r.setMaxAge(options.heapSamplingMaxAge());
                r.setMaxSize(options.heapSamplingMaxBytes());
                r.start();
            } catch (RuntimeException | Error e) {
                r.close();
                throw e;
            }
            heapRecording = r;
            heapSamplingStarted = Instant.now();
        }
    }

    boolean isHeapSampling() {
        synchronized (heapLock) {
            return heapRecording != null;
        }
    }

    void stopHeapSampling() {
        synchronized (heapLock) {
            if (heapRecording != null) {
                heapRecording.close();
                heapRecording = null;
                heapSamplingStarted = null;
            }
        }
    }

    Profile liveHeap() throws IOException {
        synchronized (heapLock) {
            if (heapRecording == null) {
                throw new IllegalStateException("live heap sampling is not running; start it first"
                        + " (startHeapSampling), then ask again after the application has allocated");
            }
            if (heapRecording.getState() != jdk.jfr.RecordingState.RUNNING) {
                // e.g. someone ran `jcmd <pid> JFR.stop name=vigil-live-heap`
                heapRecording.close();
                heapRecording = null;
                throw new IllegalStateException("live heap sampling was stopped outside Vigil; start it again");
            }
            Path file = Files.createTempFile("vigil-live-heap-", ".jfr");
            try {
                // The dump makes JFR emit the sampled objects that are alive now (JDK 17 emits them
                // only on dump or stop). Earlier dumps left earlier emissions in the recording, and
                // each emission repeats every live sample, so only the newest emission is counted.
                heapRecording.dump(file);
                Instant now = Instant.now();
                Instant newestEmission = null;
                boolean sizeKnown = oldObjectSizeReported();
                try (RecordingFile rf = new RecordingFile(file)) {
                    while (rf.hasMoreEvents()) {
                        RecordedEvent e = rf.readEvent();
                        if (OLD_OBJECT_SAMPLE.equals(e.getEventType().getName())) {
                            if (newestEmission == null || e.getEndTime().isAfter(newestEmission)) {
                                newestEmission = e.getEndTime();
                            }
                        }
                    }
                }
                Instant emission = newestEmission;
                Profile.Builder b = Profile.builder(new ValueType("inuse_objects", "count"),
                                new ValueType("inuse_space", "bytes"))
                        .maxSamples(options.maxSamples())
                        .timeNanos(epochNanos(now))
                        .durationNanos(Duration.between(heapSamplingStarted, now).toNanos())
                        .comment("JFR jdk.OldObjectSample: objects sampled at allocation since heap sampling"
                                + " started that survived a GC and are still alive; one sample per object, not scaled");
                if (!sizeKnown) {
                    b.defaultSampleType("inuse_objects").comment("this JDK's jdk.OldObjectSample has no objectSize"
                            + " field (JDK 17 lacks it, JDK 25 has it), so inuse_space is 0; array lengths are in the array_elements label");
                }
                if (emission != null) {
                    forEachEvent(file, OLD_OBJECT_SAMPLE, e -> {
                        if (e.getEndTime().equals(emission)) {
                            addOldObject(b, e);
                        }
                    });
                }
                return b.build();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Whether this JDK's jdk.OldObjectSample has the objectSize field (JDK 25 does, JDK 17 does not). */
    static boolean oldObjectSizeReported() {
        return FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .anyMatch(t -> t.getName().equals(OLD_OBJECT_SAMPLE) && t.getField("objectSize") != null);
    }

    private void addOldObject(Profile.Builder b, RecordedEvent e) {
        Map<String, String> labels = labels(e.getThread());
        RecordedClass type = null;
        Object object = e.getValue("object");
        if (object instanceof jdk.jfr.consumer.RecordedObject o && o.hasField("type")) {
            type = o.getClass("type");
        }
        putClass(labels, "object_class", type);
        int arrayElements = e.getInt("arrayElements");
        if (arrayElements != Integer.MIN_VALUE) {
            labels.put("array_elements", Integer.toString(arrayElements));
        }
        long bytes = e.hasField("objectSize") ? e.getLong("objectSize") : 0;
        b.add(stack(e), labels, 1, bytes);
    }

    /** Runs one timed recording into a temp file and folds its events into the builder. */
    private Profile record(String kind, Duration duration, Consumer<Recording> enable, Profile.Builder builder,
                           EventFolder folder) throws IOException, InterruptedException {
        builder.maxSamples(options.maxSamples());
        Path file = Files.createTempFile("vigil-" + kind + "-", ".jfr");
        try {
            Instant start;
            Instant end;
            try (Recording r = new Recording()) {
                r.setName("vigil-" + kind);
                enable.accept(r);
                r.setToDisk(true);
                r.setMaxSize(options.maxRecordingBytes());
                start = Instant.now();
                r.start();
                Thread.sleep(duration.toMillis());
                r.stop();
                end = Instant.now();
                r.dump(file);
            }
            builder.timeNanos(epochNanos(start)).durationNanos(Duration.between(start, end).toNanos());
            folder.fold(builder, file);
            return builder.build();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Folds the events of a finished recording file into a profile. */
    private interface EventFolder {
        void fold(Profile.Builder builder, Path recordingFile) throws IOException;
    }

    /** Streams the file's events of one type, one at a time, so memory stays flat. */
    private static void forEachEvent(Path file, String eventName, Consumer<RecordedEvent> action) throws IOException {
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                if (eventName.equals(e.getEventType().getName())) {
                    action.accept(e);
                }
            }
        }
    }

    private static long threadId(RecordedThread thread) {
        return thread == null ? -1 : thread.getJavaThreadId();
    }

    private List<Frame> stack(RecordedEvent e) {
        RecordedStackTrace trace = e.getStackTrace();
        if (trace == null) {
            return List.of(NO_STACK);
        }
        List<RecordedFrame> frames = trace.getFrames();
        int depth = Math.min(frames.size(), options.maxStackDepth());
        List<Frame> stack = new ArrayList<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            RecordedFrame f = frames.get(i);
            RecordedMethod m = f.getMethod();
            if (m == null) {
                stack.add(Frame.synthetic("[unknown method]"));
                continue;
            }
            String className = m.getType() == null ? "[unknown class]" : m.getType().getName();
            stack.add(Frame.javaMethod(className, m.getName(), m.getDescriptor(), null, f.getLineNumber()));
        }
        if (trace.isTruncated() || frames.size() > depth) {
            stack.add(TRUNCATED);
        }
        return stack;
    }

    private static Map<String, String> labels(RecordedThread thread) {
        Map<String, String> labels = new HashMap<>(4);
        if (thread != null) {
            String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
            if (name == null || name.isEmpty()) {
                // virtual threads are usually unnamed
                name = "#" + thread.getJavaThreadId();
            }
            labels.put("thread", name);
        }
        return labels;
    }

    private static void putClass(Map<String, String> labels, String key, RecordedClass type) {
        if (type != null && type.getName() != null) {
            labels.put(key, javaTypeName(type.getName()));
        }
    }

    /** JFR names arrays by descriptor ({@code [B}, {@code [Ljava.lang.String;}); show Java syntax. */
    static String javaTypeName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = name.substring(dims);
        String base = switch (element) {
            case "Z" -> "boolean";
            case "B" -> "byte";
            case "C" -> "char";
            case "S" -> "short";
            case "I" -> "int";
            case "J" -> "long";
            case "F" -> "float";
            case "D" -> "double";
            default -> element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1).replace('/', '.') : element;
        };
        return base + "[]".repeat(dims);
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
