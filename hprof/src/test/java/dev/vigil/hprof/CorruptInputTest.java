package dev.vigil.hprof;

import dev.vigil.hprof.analysis.HeapAnalysis;
import dev.vigil.hprof.reader.HprofFormatException;
import dev.vigil.hprof.report.ReportFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Bad input ends in one line naming the byte offset and record, exit code 3, no hang, bounded memory. */
class CorruptInputTest {
    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws Exception {
        Path p = Files.createTempFile(dir, "bad", ".hprof");
        Files.write(p, bytes);
        return p;
    }

    private static String[] runAnalyze(Path dump, int[] exit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        exit[0] = HeapDumpCommands.analyze(dump, ReportFormat.JSON, 10, 10, new PrintStream(out), new PrintStream(err));
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void emptyFile() throws Exception {
        int[] exit = new int[1];
        String[] output = runAnalyze(write(new byte[0]), exit);
        assertThat(exit[0]).isEqualTo(HeapDumpCommands.EXIT_BAD_INPUT);
        assertThat(output[1]).contains("byte offset 0").contains("empty file").hasLineCount(1);
    }

    @Test
    void notAnHprof() throws Exception {
        int[] exit = new int[1];
        String[] output = runAnalyze(write("hello, this is a text file\n".repeat(100).getBytes(StandardCharsets.UTF_8)), exit);
        assertThat(exit[0]).isEqualTo(HeapDumpCommands.EXIT_BAD_INPUT);
        assertThat(output[1]).contains("not an HPROF heap dump").hasLineCount(1);
    }

    @Test
    void missingFileIsAnIoError() {
        int[] exit = new int[1];
        String[] output = runAnalyze(dir.resolve("nope.hprof"), exit);
        assertThat(exit[0]).isEqualTo(HeapDumpCommands.EXIT_IO_ERROR);
        assertThat(output[1]).contains("no such file").hasLineCount(1);
    }

    @Test
    void wrongIdentifierSize() throws Exception {
        byte[] dump = SyntheticDumpTest.build(8, 5).toBytes(true, 3);
        byte[] claimsFour = dump.clone();
        ByteBuffer.wrap(claimsFour).putInt(19, 4);
        assertThatThrownBy(() -> HeapAnalysis.run(write(claimsFour), HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE).close())
                .isInstanceOf(HprofFormatException.class).hasMessageContaining("byte offset");
        byte[] claimsSeven = dump.clone();
        ByteBuffer.wrap(claimsSeven).putInt(19, 7);
        assertThatThrownBy(() -> HeapAnalysis.run(write(claimsSeven), HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE).close())
                .isInstanceOf(HprofFormatException.class).hasMessageContaining("identifier size 7");
    }

    @Test
    void truncatedRealDumpNamesTheOffsetAndRecord() throws Exception {
        byte[] dump = Files.readAllBytes(TestDumps.plainDump());
        for (int cut : new int[] {10, 31, 1000, dump.length / 3, dump.length / 2, dump.length - 5}) {
            int[] exit = new int[1];
            String[] output = runAnalyze(write(Arrays.copyOf(dump, cut)), exit);
            assertThat(exit[0]).as("cut at " + cut).isEqualTo(HeapDumpCommands.EXIT_BAD_INPUT);
            assertThat(output[1]).as("cut at " + cut).contains("byte offset").hasLineCount(1);
        }
        // the last record cut in the middle: names the record and says truncated
        HprofFormatException e = (HprofFormatException) org.assertj.core.api.Assertions.catchThrowable(() ->
                HeapAnalysis.run(write(Arrays.copyOf(dump, dump.length / 2)), HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE).close());
        assertThat(e.getMessage()).containsPattern("HEAP_DUMP(_SEGMENT)? at \\d+").contains("truncated");
        assertThat(e.byteOffset()).isBetween(0L, (long) dump.length / 2);
    }

    @Test
    void truncatedGzip() throws Exception {
        byte[] gz = Files.readAllBytes(TestDumps.gzippedDump());
        int[] exit = new int[1];
        String[] output = runAnalyze(write(Arrays.copyOf(gz, gz.length / 2)), exit);
        assertThat(exit[0]).isEqualTo(HeapDumpCommands.EXIT_BAD_INPUT);
        assertThat(output[1]).hasLineCount(1);
    }

    /** Many mutated small dumps: each either analyses or fails with an HprofFormatException; nothing else, no hang. */
    @Test
    void fuzzMutatedDumps() throws Exception {
        Random random = new Random(20240611);
        byte[][] seeds = {
                SyntheticDumpTest.build(4, 20).toBytes(false, 1),
                SyntheticDumpTest.build(8, 20).toBytes(true, 2),
                SyntheticDumpTest.build(8, 3).toBytes(false, 3),
        };
        int failures = 0;
        int successes = 0;
        Path file = dir.resolve("fuzz.hprof");
        for (int round = 0; round < 1500; round++) {
            byte[] seed = seeds[round % seeds.length];
            byte[] mutated = seed.clone();
            int kind = random.nextInt(4);
            if (kind == 0) {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = 19 + random.nextInt(mutated.length - 19);
                    mutated[at] ^= (byte) (1 << random.nextInt(8));
                }
            } else if (kind == 1) {
                mutated[31 + random.nextInt(mutated.length - 31)] = (byte) random.nextInt(256);
            } else if (kind == 2) {
                mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length));
            } else {
                int at = 31 + random.nextInt(mutated.length - 40);
                ByteBuffer.wrap(mutated).putInt(at, random.nextBoolean() ? -1 : random.nextInt());
            }
            Files.write(file, mutated);
            byte[] finalMutated = mutated;
            boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (HeapAnalysis analysis = HeapAnalysis.run(file, HeapAnalysis.Options.DEFAULTS, ProgressListener.NONE)) {
                    dev.vigil.hprof.report.AnalysisReport.write(analysis, "fuzz", 10, ReportFormat.JSON, new StringBuilder());
                    return true;
                } catch (HprofFormatException e) {
                    assertThat(e.getMessage()).contains("byte offset").doesNotContain("\n");
                    return false;
                } catch (Throwable t) {
                    Files.write(Path.of("target", "fuzz-failure.hprof"), finalMutated);
                    throw new AssertionError("mutation " + kind + " in round " + " gave " + t, t);
                }
            });
            if (ok) successes++; else failures++;
        }
        assertThat(failures).isGreaterThan(100);
        assertThat(successes + failures).isEqualTo(1500);
    }
}
