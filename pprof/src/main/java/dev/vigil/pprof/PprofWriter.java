package dev.vigil.pprof;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes a {@link Profile} as pprof's {@code profile.proto} (github.com/google/pprof,
 * proto/profile.proto), gzipped, as {@code go tool pprof} and {@code /debug/pprof/*} clients expect.
 *
 * <p>Strings, functions and locations are deduplicated; string index 0 is "" and ids start at 1.
 * Each distinct {@link Profile.Frame} becomes one location with one line. All locations share one
 * mapping named "jvm" that declares functions, file names and line numbers already resolved, so
 * pprof does not try to symbolize addresses (Java frames have none).
 */
public final class PprofWriter {
    // profile.proto field numbers
    private static final int PROFILE_SAMPLE_TYPE = 1;
    private static final int PROFILE_SAMPLE = 2;
    private static final int PROFILE_MAPPING = 3;
    private static final int PROFILE_LOCATION = 4;
    private static final int PROFILE_FUNCTION = 5;
    private static final int PROFILE_STRING_TABLE = 6;
    private static final int PROFILE_TIME_NANOS = 9;
    private static final int PROFILE_DURATION_NANOS = 10;
    private static final int PROFILE_PERIOD_TYPE = 11;
    private static final int PROFILE_PERIOD = 12;
    private static final int PROFILE_COMMENT = 13;
    private static final int PROFILE_DEFAULT_SAMPLE_TYPE = 14;
    private static final int VALUE_TYPE_TYPE = 1;
    private static final int VALUE_TYPE_UNIT = 2;
    private static final int SAMPLE_LOCATION_ID = 1;
    private static final int SAMPLE_VALUE = 2;
    private static final int SAMPLE_LABEL = 3;
    private static final int LABEL_KEY = 1;
    private static final int LABEL_STR = 2;
    private static final int MAPPING_ID = 1;
    private static final int MAPPING_FILENAME = 5;
    private static final int MAPPING_HAS_FUNCTIONS = 7;
    private static final int MAPPING_HAS_FILENAMES = 8;
    private static final int MAPPING_HAS_LINE_NUMBERS = 9;
    private static final int LOCATION_ID = 1;
    private static final int LOCATION_MAPPING_ID = 2;
    private static final int LOCATION_LINE = 4;
    private static final int LINE_FUNCTION_ID = 1;
    private static final int LINE_LINE = 2;
    private static final int FUNCTION_ID = 1;
    private static final int FUNCTION_NAME = 2;
    private static final int FUNCTION_SYSTEM_NAME = 3;
    private static final int FUNCTION_FILENAME = 4;
    private static final int FUNCTION_START_LINE = 5;

    /** Top-level bytes are handed to the (gzip) stream in chunks of about this size. */
    private static final int FLUSH_THRESHOLD_BYTES = 64 * 1024;
    private static final long JVM_MAPPING_ID = 1;
    private static final String JVM_MAPPING_FILENAME = "jvm";

    private PprofWriter() {
    }

    /** Writes the profile gzipped to {@code out}; flushes but does not close {@code out}. */
    public static void write(Profile profile, OutputStream out) throws IOException {
        OutputStream unclosable = new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // keep the caller's stream open; closing gzip must release only the Deflater
            }
        };
        try (GZIPOutputStream gzip = new GZIPOutputStream(unclosable, 8192)) {
            encode(profile, gzip);
        }
    }

    /** The uncompressed protobuf bytes of the profile. */
    public static byte[] encode(Profile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encode(profile, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    private static void encode(Profile profile, OutputStream out) throws IOException {
        Tables t = new Tables();
        t.collect(profile);

        ProtobufOutput top = new ProtobufOutput();
        ProtobufOutput msg = new ProtobufOutput();
        ProtobufOutput inner = new ProtobufOutput();

        for (Profile.ValueType vt : profile.sampleTypes()) {
            valueType(msg, t, vt);
            top.message(PROFILE_SAMPLE_TYPE, msg);
        }
        long[] ids = new long[16];
        for (Profile.Sample s : profile.samples()) {
            msg.reset();
            List<Profile.Frame> stack = s.stack();
            if (ids.length < stack.size()) {
                ids = new long[stack.size()];
            }
            for (int i = 0; i < stack.size(); i++) {
                ids[i] = t.locations.get(stack.get(i));
            }
            msg.packedVarints(SAMPLE_LOCATION_ID, ids, stack.size());
            long[] values = s.values();
            msg.packedVarints(SAMPLE_VALUE, values, values.length);
            for (Map.Entry<String, String> label : s.labels().entrySet()) {
                inner.reset();
                inner.int64IfNonZero(LABEL_KEY, t.strings.get(label.getKey()));
                inner.int64IfNonZero(LABEL_STR, t.strings.get(label.getValue()));
                msg.message(SAMPLE_LABEL, inner);
            }
            top.message(PROFILE_SAMPLE, msg);
            flushIfLarge(top, out);
        }
        if (!t.locations.isEmpty()) {
            msg.reset();
            msg.int64(MAPPING_ID, JVM_MAPPING_ID);
            msg.int64(MAPPING_FILENAME, t.strings.get(JVM_MAPPING_FILENAME));
            msg.int64(MAPPING_HAS_FUNCTIONS, 1);
            msg.int64(MAPPING_HAS_FILENAMES, 1);
            msg.int64(MAPPING_HAS_LINE_NUMBERS, 1);
            top.message(PROFILE_MAPPING, msg);
        }
        for (Map.Entry<Profile.Frame, Long> loc : t.locations.entrySet()) {
            msg.reset();
            msg.int64(LOCATION_ID, loc.getValue());
            msg.int64(LOCATION_MAPPING_ID, JVM_MAPPING_ID);
            inner.reset();
            inner.int64(LINE_FUNCTION_ID, t.functions.get(loc.getKey().function()));
            inner.int64IfNonZero(LINE_LINE, loc.getKey().line());
            msg.message(LOCATION_LINE, inner);
            top.message(PROFILE_LOCATION, msg);
            flushIfLarge(top, out);
        }
        for (Map.Entry<Profile.Function, Long> fn : t.functions.entrySet()) {
            Profile.Function f = fn.getKey();
            msg.reset();
            msg.int64(FUNCTION_ID, fn.getValue());
            msg.int64IfNonZero(FUNCTION_NAME, t.strings.get(f.name()));
            msg.int64IfNonZero(FUNCTION_SYSTEM_NAME, t.strings.get(f.systemName()));
            msg.int64IfNonZero(FUNCTION_FILENAME, t.strings.get(f.filename()));
            msg.int64IfNonZero(FUNCTION_START_LINE, f.startLine());
            top.message(PROFILE_FUNCTION, msg);
            flushIfLarge(top, out);
        }
        for (String s : t.strings.keySet()) {
            top.string(PROFILE_STRING_TABLE, s);
            flushIfLarge(top, out);
        }
        top.int64IfNonZero(PROFILE_TIME_NANOS, profile.timeNanos());
        top.int64IfNonZero(PROFILE_DURATION_NANOS, profile.durationNanos());
        if (profile.periodType() != null) {
            valueType(msg, t, profile.periodType());
            top.message(PROFILE_PERIOD_TYPE, msg);
        }
        top.int64IfNonZero(PROFILE_PERIOD, profile.period());
        List<String> comments = profile.comments();
        long[] commentIds = new long[comments.size()];
        for (int i = 0; i < commentIds.length; i++) {
            commentIds[i] = t.strings.get(comments.get(i));
        }
        top.packedVarints(PROFILE_COMMENT, commentIds, commentIds.length);
        if (profile.defaultSampleType() != null) {
            top.int64IfNonZero(PROFILE_DEFAULT_SAMPLE_TYPE, t.strings.get(profile.defaultSampleType()));
        }
        top.writeTo(out);
    }

    private static void valueType(ProtobufOutput msg, Tables t, Profile.ValueType vt) {
        msg.reset();
        msg.int64IfNonZero(VALUE_TYPE_TYPE, t.strings.get(vt.type()));
        msg.int64IfNonZero(VALUE_TYPE_UNIT, t.strings.get(vt.unit()));
    }

    private static void flushIfLarge(ProtobufOutput top, OutputStream out) throws IOException {
        if (top.size() >= FLUSH_THRESHOLD_BYTES) {
            top.writeTo(out);
            top.reset();
        }
    }

    /** Deduplicated string table, functions and locations, in first-seen order. */
    private static final class Tables {
        final Map<String, Long> strings = new LinkedHashMap<>();
        final Map<Profile.Function, Long> functions = new LinkedHashMap<>();
        final Map<Profile.Frame, Long> locations = new LinkedHashMap<>();

        Tables() {
            strings.put("", 0L);
        }

        void collect(Profile p) {
            for (Profile.ValueType vt : p.sampleTypes()) {
                string(vt.type());
                string(vt.unit());
            }
            for (Profile.Sample s : p.samples()) {
                for (Profile.Frame f : s.stack()) {
                    if (!locations.containsKey(f)) {
                        locations.put(f, (long) locations.size() + 1);
                        Profile.Function fn = f.function();
                        if (!functions.containsKey(fn)) {
                            functions.put(fn, (long) functions.size() + 1);
                            string(fn.name());
                            string(fn.systemName());
                            string(fn.filename());
                        }
                    }
                }
                for (Map.Entry<String, String> label : s.labels().entrySet()) {
                    string(label.getKey());
                    string(label.getValue());
                }
            }
            if (p.periodType() != null) {
                string(p.periodType().type());
                string(p.periodType().unit());
            }
            p.comments().forEach(this::string);
            if (!locations.isEmpty()) {
                string(JVM_MAPPING_FILENAME);
            }
            if (p.defaultSampleType() != null) {
                string(p.defaultSampleType());
            }
        }

        private void string(String s) {
            strings.putIfAbsent(s, (long) strings.size());
        }
    }
}
