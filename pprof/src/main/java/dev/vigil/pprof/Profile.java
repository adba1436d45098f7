package dev.vigil.pprof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable profile in the shape of pprof's {@code profile.proto}: typed sample values,
 * samples with a stack (leaf first) and string labels, plus period, time and comments.
 *
 * <p>Built with {@link #builder(ValueType...)}; the builder merges samples that have the same
 * stack and labels (summing their values) and caps the number of distinct samples, so a profile
 * built from a stream of events stays bounded no matter how long the stream is.
 *
 * <pre>{@code
 * Profile p = Profile.builder(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"))
 *     .periodType("cpu", "nanoseconds").period(10_000_000)
 *     .add(List.of(Frame.javaMethod("com.example.Foo", "bar", 42)), Map.of("thread", "main"), 1, 10_000_000)
 *     .build();
 * PprofWriter.write(p, out); // gzipped profile.proto, readable by `go tool pprof`
 * }</pre>
 */
public final class Profile {

    /** Default cap on distinct (stack, labels) samples kept by a builder. */
    public static final int DEFAULT_MAX_SAMPLES = 20_000;

    /** A value type such as {@code cpu/nanoseconds}; pprof's {@code ValueType}. */
    public record ValueType(String type, String unit) {
        public ValueType {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /**
     * A function: display name (e.g. {@code com.example.Foo.bar}), system name (e.g. with the
     * method descriptor, so overloads stay distinct), source file name and first line (0 if unknown).
     */
    public record Function(String name, String systemName, String filename, long startLine) {
        public Function {
            Objects.requireNonNull(name, "name");
            systemName = systemName == null ? name : systemName;
            filename = filename == null ? "" : filename;
        }
    }

    /** One stack frame: a function and a line in it (0 if unknown). Becomes a pprof {@code Location}. */
    public record Frame(Function function, long line) {
        public Frame {
            Objects.requireNonNull(function, "function");
        }

        /** A frame with no source information, for synthetic frames such as "[truncated]". */
        public static Frame synthetic(String name) {
            return new Frame(new Function(name, name, "", 0), 0);
        }

        /**
         * A Java frame: name {@code com.example.Foo.bar}, file {@code com/example/Foo.java}
         * (derived from the class, since the JVM only knows the file's simple name).
         */
        public static Frame javaMethod(String className, String methodName, long line) {
            return javaMethod(className, methodName, null, null, line);
        }

        /**
         * A Java frame with an optional method descriptor (kept in the system name) and an optional
         * simple source file name as the JVM reports it (e.g. {@code Foo.java}); null when unknown.
         */
        public static Frame javaMethod(String className, String methodName, String descriptor,
                                       String sourceFileName, long line) {
            String name = className + "." + methodName;
            String systemName = descriptor == null || descriptor.isEmpty() ? name : name + descriptor;
            return new Frame(new Function(name, systemName, javaSourcePath(className, sourceFileName), 0),
                    Math.max(0, line));
        }

        /** {@code com.example.Foo$Inner} -> {@code com/example/Foo.java}. */
        static String javaSourcePath(String className, String sourceFileName) {
            int lastDot = className.lastIndexOf('.');
            String pkgPath = lastDot < 0 ? "" : className.substring(0, lastDot).replace('.', '/') + "/";
            if (sourceFileName != null && !sourceFileName.isEmpty()) {
                return pkgPath + sourceFileName;
            }
            String simple = className.substring(lastDot + 1);
            int dollar = simple.indexOf('$');
            if (dollar > 0) {
                simple = simple.substring(0, dollar);
            }
            // hidden classes are named like Foo/0x0000000800c01234
            int slash = simple.indexOf('/');
            if (slash > 0) {
                simple = simple.substring(0, slash);
            }
            return pkgPath + simple + ".java";
        }
    }

    /** A sample: its stack (leaf first), one value per sample type, and string labels. */
    public static final class Sample {
        private final List<Frame> stack;
        private final long[] values;
        private final Map<String, String> labels;

        Sample(List<Frame> stack, long[] values, Map<String, String> labels) {
            this.stack = stack;
            this.values = values;
            this.labels = labels;
        }

        /** Frames, leaf (innermost call) first. */
        public List<Frame> stack() {
            return stack;
        }

        /** A copy of the values, in the order of {@link Profile#sampleTypes()}. */
        public long[] values() {
            return values.clone();
        }

        public long value(int index) {
            return values[index];
        }

        /** Labels sorted by key. */
        public Map<String, String> labels() {
            return labels;
        }

        @Override
        public String toString() {
            return "Sample" + Arrays.toString(values) + labels + stack;
        }
    }

    private final List<ValueType> sampleTypes;
    private final ValueType periodType;
    private final long period;
    private final List<Sample> samples;
    private final long timeNanos;
    private final long durationNanos;
    private final List<String> comments;
    private final String defaultSampleType;
    private final long droppedSamples;

    private Profile(Builder b) {
        this.sampleTypes = b.sampleTypes;
        this.periodType = b.periodType;
        this.period = b.period;
        List<Sample> copied = new ArrayList<>(b.samples.size());
        for (Sample s : b.samples.values()) {
            // the builder keeps summing into its own arrays; the profile must not change after build()
            copied.add(new Sample(s.stack, s.values.clone(), s.labels));
        }
        this.samples = Collections.unmodifiableList(copied);
        this.timeNanos = b.timeNanos;
        this.durationNanos = b.durationNanos;
        List<String> allComments = new ArrayList<>(b.comments);
        if (b.droppedSamples > 0) {
            allComments.add(b.droppedSamples + " events beyond the cap of " + b.maxSamples
                    + " distinct stacks were summed into the [dropped] sample");
        }
        this.comments = List.copyOf(allComments);
        this.defaultSampleType = b.defaultSampleType;
        this.droppedSamples = b.droppedSamples;
    }

    public static Builder builder(ValueType... sampleTypes) {
        return new Builder(List.of(sampleTypes));
    }

    public List<ValueType> sampleTypes() {
        return sampleTypes;
    }

    /** The period's type, or null if the profile has none. */
    public ValueType periodType() {
        return periodType;
    }

    public long period() {
        return period;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Start of collection, nanoseconds since the epoch (0 if unknown). */
    public long timeNanos() {
        return timeNanos;
    }

    public long durationNanos() {
        return durationNanos;
    }

    public List<String> comments() {
        return comments;
    }

    /** The sample type pprof shows by default, or null for pprof's default (the last one). */
    public String defaultSampleType() {
        return defaultSampleType;
    }

    /** Events folded into the "[dropped]" sample because the distinct-sample cap was reached. */
    public long droppedSamples() {
        return droppedSamples;
    }

    /** Sum of one value over all samples. */
    public long total(int valueIndex) {
        long sum = 0;
        for (Sample s : samples) {
            sum += s.values[valueIndex];
        }
        return sum;
    }

    /** Builds a {@link Profile}, merging samples with equal stack and labels. Not thread-safe. */
    public static final class Builder {
        private static final Frame DROPPED_FRAME = Frame.synthetic("[dropped: too many distinct stacks]");

        private final List<ValueType> sampleTypes;
        private ValueType periodType;
        private long period;
        private long timeNanos;
        private long durationNanos;
        private final List<String> comments = new ArrayList<>();
        private String defaultSampleType;
        private int maxSamples = DEFAULT_MAX_SAMPLES;
        private long droppedSamples;
        private final Map<SampleKey, Sample> samples = new LinkedHashMap<>();
        // Interning keeps one Frame instance per distinct frame, so many samples share them.
        private final Map<Frame, Frame> frames = new HashMap<>();

        private Builder(List<ValueType> sampleTypes) {
            if (sampleTypes.isEmpty()) {
                throw new IllegalArgumentException("a profile needs at least one sample type");
            }
            this.sampleTypes = sampleTypes;
        }

        public Builder periodType(String type, String unit) {
            this.periodType = new ValueType(type, unit);
            return this;
        }

        public Builder period(long period) {
            this.period = period;
            return this;
        }

        public Builder timeNanos(long timeNanos) {
            this.timeNanos = timeNanos;
            return this;
        }

        public Builder durationNanos(long durationNanos) {
            this.durationNanos = durationNanos;
            return this;
        }

        public Builder comment(String comment) {
            comments.add(Objects.requireNonNull(comment));
            return this;
        }

        /** Name of the sample type pprof should show by default; must be one of the sample types. */
        public Builder defaultSampleType(String type) {
            if (type != null && sampleTypes.stream().noneMatch(t -> t.type().equals(type))) {
                throw new IllegalArgumentException("no sample type named " + type);
            }
            this.defaultSampleType = type;
            return this;
        }

        /** Cap on distinct samples; further distinct stacks are summed into one "[dropped]" sample. */
        public Builder maxSamples(int maxSamples) {
            if (maxSamples < 1) {
                throw new IllegalArgumentException("maxSamples must be at least 1, was " + maxSamples);
            }
            this.maxSamples = maxSamples;
            return this;
        }

        /**
         * Adds values for a stack (leaf first) and labels; values of an existing sample with the
         * same stack and labels are summed.
         */
        public Builder add(List<Frame> stack, Map<String, String> labels, long... values) {
            if (values.length != sampleTypes.size()) {
                throw new IllegalArgumentException("expected " + sampleTypes.size() + " values, got " + values.length);
            }
            Map<String, String> sortedLabels = labels == null || labels.isEmpty()
                    ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
            SampleKey key = new SampleKey(stack, sortedLabels);
            Sample existing = samples.get(key);
            if (existing == null && samples.size() >= maxSamples) {
                droppedSamples++;
                key = new SampleKey(List.of(DROPPED_FRAME), Map.of());
                existing = samples.get(key);
            }
            if (existing == null) {
                List<Frame> interned = new ArrayList<>(key.stack.size());
                for (Frame f : key.stack) {
                    interned.add(frames.computeIfAbsent(f, x -> x));
                }
                List<Frame> frozen = Collections.unmodifiableList(interned);
                samples.put(new SampleKey(frozen, key.labels), new Sample(frozen, values.clone(), key.labels));
            } else {
                for (int i = 0; i < values.length; i++) {
                    existing.values[i] += values[i];
                }
            }
            return this;
        }

        /** Number of distinct samples so far. */
        public int sampleCount() {
            return samples.size();
        }

        public Profile build() {
            return new Profile(this);
        }
    }

    private record SampleKey(List<Frame> stack, Map<String, String> labels) {
    }
}
