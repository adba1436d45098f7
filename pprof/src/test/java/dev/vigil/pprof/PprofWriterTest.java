package dev.vigil.pprof;

import dev.vigil.pprof.Profile.Frame;
import dev.vigil.pprof.Profile.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class PprofWriterTest {
    private static final Frame BURN = Frame.javaMethod("com.example.Worker", "burn", "(I)V", null, 42);
    private static final Frame BURN_OTHER_LINE = Frame.javaMethod("com.example.Worker", "burn", "(I)V", null, 43);
    private static final Frame RUN = Frame.javaMethod("com.example.Worker", "run", "()V", null, 7);
    private static final Frame MAIN = Frame.javaMethod("com.example.Main", "main", "([Ljava/lang/String;)V", null, 3);

    private static Profile cpuProfile() {
        return Profile.builder(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"))
                .periodType("cpu", "nanoseconds").period(10_000_000)
                .timeNanos(1_700_000_000_000_000_000L).durationNanos(2_000_000_000L)
                .comment("unit test profile")
                .defaultSampleType("cpu")
                .add(List.of(BURN, RUN, MAIN), Map.of("thread", "worker-1"), 3, 30_000_000)
                .add(List.of(BURN_OTHER_LINE, RUN, MAIN), Map.of("thread", "worker-1"), 1, 10_000_000)
                .add(List.of(RUN, MAIN), Map.of("thread", "main"), 2, 20_000_000)
                .build();
    }

    @Test
    void encodesEveryFieldWithDeduplicatedTablesAndIdsFromOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PprofWriter.write(cpuProfile(), out);
        byte[] gz = out.toByteArray();
        assertThat(gz[0]).isEqualTo((byte) 0x1f); // gzip magic
        assertThat(gz[1]).isEqualTo((byte) 0x8b);

        ProfileProtoDecoder p = ProfileProtoDecoder.decodeGzipped(gz);
        assertThat(p.strings.get(0)).isEmpty();
        assertThat(p.strings).doesNotHaveDuplicates();
        assertThat(p.sampleTypes).extracting(vt -> p.string(vt.type()) + "/" + p.string(vt.unit()))
                .containsExactly("samples/count", "cpu/nanoseconds");
        assertThat(p.string(p.periodType.type())).isEqualTo("cpu");
        assertThat(p.period).isEqualTo(10_000_000);
        assertThat(p.timeNanos).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(p.durationNanos).isEqualTo(2_000_000_000L);
        assertThat(p.comments).extracting(p::string).containsExactly("unit test profile");
        assertThat(p.string(p.defaultSampleType)).isEqualTo("cpu");

        // 4 distinct frames -> 4 locations; burn at two lines shares one function -> 3 functions
        assertThat(p.locations).extracting(ProfileProtoDecoder.Location::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(p.functions).extracting(ProfileProtoDecoder.Function::id).containsExactly(1L, 2L, 3L);
        assertThat(p.mappings).hasSize(1);
        assertThat(p.mappings.get(0).id()).isEqualTo(1);
        assertThat(p.mappings.get(0).hasFunctions()).isTrue();
        assertThat(p.locations).allSatisfy(l -> assertThat(l.mappingId()).isEqualTo(1));

        assertThat(p.samples).hasSize(3);
        ProfileProtoDecoder.Sample first = p.samples.get(0);
        assertThat(first.values()).containsExactly(3L, 30_000_000L);
        assertThat(first.labels()).hasSize(1);
        assertThat(p.string(first.labels().get(0).key())).isEqualTo("thread");
        assertThat(p.string(first.labels().get(0).str())).isEqualTo("worker-1");
        // leaf first: burn:42, run:7, main:3
        List<String> frames = new ArrayList<>();
        for (long id : first.locationIds()) {
            ProfileProtoDecoder.Location loc = p.locations.get((int) id - 1);
            assertThat(loc.lines()).hasSize(1);
            ProfileProtoDecoder.Function fn = p.functions.get((int) loc.lines().get(0).functionId() - 1);
            frames.add(p.string(fn.name()) + " " + p.string(fn.filename()) + ":" + loc.lines().get(0).line());
        }
        assertThat(frames).containsExactly("com.example.Worker.burn com/example/Worker.java:42",
                "com.example.Worker.run com/example/Worker.java:7", "com.example.Main.main com/example/Main.java:3");
        assertThat(p.string(p.functions.get(0).systemName())).isEqualTo("com.example.Worker.burn(I)V");
        // the second sample reuses run and main locations
        assertThat(p.samples.get(1).locationIds()).containsExactly(4L, 2L, 3L);
    }

    @Test
    void encodeIsTheUncompressedFormOfWrite() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PprofWriter.write(cpuProfile(), out);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(PprofWriter.encode(cpuProfile()));
        }
    }

    @Test
    void leavesTheCallersStreamOpen() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        PprofWriter.write(cpuProfile(), out);
        assertThat(closed).isFalse();
        assertThat(bytes.size()).isGreaterThan(20);
    }

    @Test
    void emptyProfileIsValid() throws Exception {
        Profile empty = Profile.builder(new ValueType("goroutine", "count")).build();
        ProfileProtoDecoder p = ProfileProtoDecoder.decode(PprofWriter.encode(empty));
        assertThat(p.samples).isEmpty();
        assertThat(p.locations).isEmpty();
        assertThat(p.mappings).isEmpty();
        assertThat(p.strings).containsExactly("", "goroutine", "count");
    }

    @Test
    void goToolPprofReadsValuesStacksAndLabels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cpu.pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            PprofWriter.write(cpuProfile(), out);
        }
        String raw = GoPprof.run(file, "-raw");
        assertThat(raw).contains("PeriodType: cpu nanoseconds", "Period: 10000000", "Duration: 2s",
                "samples/count cpu/nanoseconds", "3   30000000: 1 2 3", "thread:[worker-1]",
                "com.example.Worker.burn com/example/Worker.java:42");
        String top = GoPprof.run(file, "-top");
        assertThat(top).contains("Total samples = 60ms").containsPattern("40ms\\s+66\\.67%.*com\\.example\\.Worker\\.burn");
        String traces = GoPprof.run(file, "-traces");
        assertThat(traces).contains("thread:  main", "thread:  worker-1");
    }

    @Test
    void largeProfileStreamsThroughGzipAndStaysReadable(@TempDir Path dir) throws Exception {
        Profile.Builder b = Profile.builder(new ValueType("samples", "count"));
        for (int i = 0; i < 5_000; i++) {
            b.add(List.of(Frame.javaMethod("com.example.Gen" + (i % 50), "m" + i, i), RUN, MAIN), Map.of(), i + 1);
        }
        Profile profile = b.build();
        Path file = dir.resolve("big.pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            PprofWriter.write(profile, out);
        }
        ProfileProtoDecoder p = ProfileProtoDecoder.decodeGzipped(Files.readAllBytes(file));
        assertThat(p.samples).hasSize(5_000);
        assertThat(p.samples.stream().mapToLong(s -> s.values().get(0)).sum()).isEqualTo(profile.total(0));
        assertThat(GoPprof.run(file, "-top", "-nodecount=1")).contains("com.example.Main.main");
    }
}
