package dev.vigil.pprof;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Test-only decoder of the profile.proto subset PprofWriter writes; independent of the encoder. */
final class ProfileProtoDecoder {
    record ValueType(long type, long unit) { }
    record Label(long key, long str) { }
    record Sample(List<Long> locationIds, List<Long> values, List<Label> labels) { }
    record Line(long functionId, long line) { }
    record Location(long id, long mappingId, List<Line> lines) { }
    record Function(long id, long name, long systemName, long filename, long startLine) { }
    record Mapping(long id, long filename, boolean hasFunctions) { }

    final List<ValueType> sampleTypes = new ArrayList<>();
    final List<Sample> samples = new ArrayList<>();
    final List<Mapping> mappings = new ArrayList<>();
    final List<Location> locations = new ArrayList<>();
    final List<Function> functions = new ArrayList<>();
    final List<String> strings = new ArrayList<>();
    final List<Long> comments = new ArrayList<>();
    long timeNanos;
    long durationNanos;
    ValueType periodType;
    long period;
    long defaultSampleType;

    static ProfileProtoDecoder decodeGzipped(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return decode(in.readAllBytes());
        }
    }

    static ProfileProtoDecoder decode(byte[] bytes) {
        ProfileProtoDecoder p = new ProfileProtoDecoder();
        Reader r = new Reader(bytes, 0, bytes.length);
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> p.sampleTypes.add(valueType(r.sub()));
                case 2 -> p.samples.add(sample(r.sub()));
                case 3 -> p.mappings.add(mapping(r.sub()));
                case 4 -> p.locations.add(location(r.sub()));
                case 5 -> p.functions.add(function(r.sub()));
                case 6 -> p.strings.add(r.string());
                case 9 -> p.timeNanos = r.varint();
                case 10 -> p.durationNanos = r.varint();
                case 11 -> p.periodType = valueType(r.sub());
                case 12 -> p.period = r.varint();
                case 13 -> r.repeated(wire, p.comments);
                case 14 -> p.defaultSampleType = r.varint();
                default -> throw new IllegalArgumentException("unexpected profile field " + field);
            }
        }
        return p;
    }

    String string(long index) {
        return strings.get((int) index);
    }

    private static ValueType valueType(Reader r) {
        long type = 0;
        long unit = 0;
        while (r.more()) {
            long tag = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> type = r.varint();
                case 2 -> unit = r.varint();
                default -> throw new IllegalArgumentException("value type field " + (tag >>> 3));
            }
        }
        return new ValueType(type, unit);
    }

    private static Sample sample(Reader r) {
        List<Long> locs = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            int wire = (int) (tag & 7);
            switch ((int) (tag >>> 3)) {
                case 1 -> r.repeated(wire, locs);
                case 2 -> r.repeated(wire, values);
                case 3 -> {
                    Reader l = r.sub();
                    long key = 0;
                    long str = 0;
                    while (l.more()) {
                        long t = l.varint();
                        switch ((int) (t >>> 3)) {
                            case 1 -> key = l.varint();
                            case 2 -> str = l.varint();
                            default -> throw new IllegalArgumentException("label field " + (t >>> 3));
                        }
                    }
                    labels.add(new Label(key, str));
                }
                default -> throw new IllegalArgumentException("sample field " + (tag >>> 3));
            }
        }
        return new Sample(locs, values, labels);
    }

    private static Mapping mapping(Reader r) {
        long id = 0;
        long filename = 0;
        boolean hasFunctions = false;
        while (r.more()) {
            long tag = r.varint();
            long v = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> id = v;
                case 5 -> filename = v;
                case 7 -> hasFunctions = v != 0;
                default -> { }
            }
        }
        return new Mapping(id, filename, hasFunctions);
    }

    private static Location location(Reader r) {
        long id = 0;
        long mappingId = 0;
        List<Line> lines = new ArrayList<>();
        while (r.more()) {
            long tag = r.varint();
            switch ((int) (tag >>> 3)) {
                case 1 -> id = r.varint();
                case 2 -> mappingId = r.varint();
                case 4 -> {
                    Reader l = r.sub();
                    long fn = 0;
                    long line = 0;
                    while (l.more()) {
                        long t = l.varint();
                        switch ((int) (t >>> 3)) {
                            case 1 -> fn = l.varint();
                            case 2 -> line = l.varint();
                            default -> throw new IllegalArgumentException("line field " + (t >>> 3));
                        }
                    }
                    lines.add(new Line(fn, line));
                }
                default -> throw new IllegalArgumentException("location field " + (tag >>> 3));
            }
        }
        return new Location(id, mappingId, lines);
    }

    private static Function function(Reader r) {
        long[] f = new long[6];
        while (r.more()) {
            long tag = r.varint();
            int field = (int) (tag >>> 3);
            if (field < 1 || field > 5) {
                throw new IllegalArgumentException("function field " + field);
            }
            f[field] = r.varint();
        }
        return new Function(f[1], f[2], f[3], f[4], f[5]);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                result |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        Reader sub() {
            int len = (int) varint();
            Reader r = new Reader(b, pos, pos + len);
            pos += len;
            return r;
        }

        String string() {
            int len = (int) varint();
            String s = new String(b, pos, len, StandardCharsets.UTF_8);
            pos += len;
            return s;
        }

        /** A repeated varint field, packed (wire type 2) or not (wire type 0). */
        void repeated(int wire, List<Long> into) {
            if (wire == 2) {
                Reader packed = sub();
                while (packed.more()) {
                    into.add(packed.varint());
                }
            } else {
                into.add(varint());
            }
        }
    }
}
