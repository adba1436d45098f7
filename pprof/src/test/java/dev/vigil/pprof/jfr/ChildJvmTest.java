package dev.vigil.pprof.jfr;

import dev.vigil.pprof.GoPprof;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Starts real JVMs: without JFR, and on each JDK in vigil.it.jdks (a missing JDK fails). */
class ChildJvmTest {
    private static final String DEFAULT_JDKS = "/usr/lib/jvm/java-17-openjdk-amd64,/usr/lib/jvm/temurin-25-jdk-amd64";

    static List<Path> jdks() {
        List<Path> jdks = new ArrayList<>();
        for (String home : System.getProperty("vigil.it.jdks", DEFAULT_JDKS).split(",")) {
            if (home.isBlank()) {
                continue;
            }
            Path java = Path.of(home.trim(), "bin", "java");
            if (!Files.isExecutable(java)) {
                fail("JDK listed in vigil.it.jdks is missing: " + java + " (install it or change vigil.it.jdks)");
            }
            jdks.add(java);
        }
        return jdks;
    }

    static String classPath() throws URISyntaxException {
        // main classes and test classes only: the children must not need JUnit or AssertJ
        return Path.of(JfrProfiler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(NoJfrMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child JVM did not finish: " + command);
        }
        assertThat(p.exitValue()).as("exit of " + command + "\n" + out).isZero();
        return out;
    }

    @Test
    void withoutTheJfrModuleEveryCallSaysWhyInsteadOfFailingToLink() throws Exception {
        for (Path java : jdks()) {
            String out = run(List.of(java.toString(), "--limit-modules", "java.base,java.management",
                    "-cp", classPath(), NoJfrMain.class.getName()));
            assertThat(out).as(java.toString()).contains("available=false",
                    "reason=JFR is not available: this JVM has no jdk.jfr module",
                    "cpu=java.lang.IllegalStateException: JFR is not available",
                    "allocations=java.lang.IllegalStateException: JFR is not available",
                    "block=java.lang.IllegalStateException: JFR is not available",
                    "mutex=java.lang.IllegalStateException: JFR is not available",
                    "trace=java.lang.IllegalStateException: JFR is not available",
                    "startHeapSampling=java.lang.IllegalStateException: JFR is not available",
                    "liveHeap=java.lang.IllegalStateException: JFR is not available",
                    "isHeapSampling=false")
                    .containsPattern("threadProfileBytes=[1-9]")
                    .doesNotContain("NoClassDefFoundError", "LinkageError");
        }
    }

    @Test
    void withFlightRecorderDisabledByFlagEveryCallSaysWhy() throws Exception {
        Path java = jdks().get(0);
        String out = run(List.of(java.toString(), "-XX:-FlightRecorder", "-cp", classPath(), NoJfrMain.class.getName()));
        assertThat(out).contains("available=false", "FlightRecorder.isAvailable() is false",
                "cpu=java.lang.IllegalStateException: JFR is not available in this JVM");
    }

    @Test
    void profilesFromEachJdkAreReadByGoToolPprof(@TempDir Path dir) throws Exception {
        for (Path java : jdks()) {
            Path out = Files.createDirectories(dir.resolve(java.getParent().getParent().getFileName()));
            String log = run(List.of(java.toString(), "-Xmx256m", "-cp", classPath(),
                    ProfileSmokeMain.class.getName(), out.toString()));
            Matcher version = Pattern.compile("java.version=(\\d+)").matcher(log);
            assertThat(version.find()).as(log).isTrue();
            int feature = Integer.parseInt(version.group(1));

            assertThat(GoPprof.run(out.resolve("cpu.pb.gz"), "-top")).as(java + " cpu")
                    .contains("Type: cpu", "Workloads.burnCpuForTest");
            assertThat(GoPprof.run(out.resolve("alloc.pb.gz"), "-top", "-sample_index=alloc_space"))
                    .as(java + " alloc").contains("Type: alloc_space", "Workloads.allocateForTest");
            String heapTop = GoPprof.run(out.resolve("heap.pb.gz"), "-top", "-sample_index=inuse_objects");
            assertThat(heapTop).as(java + " heap").contains("Type: inuse_objects", "Workloads.leakForTest");
            String heapRaw = GoPprof.run(out.resolve("heap.pb.gz"), "-raw");
            Matcher heap = Pattern.compile("heap.samples=(\\d+) heap.bytes=(\\d+)").matcher(log);
            assertThat(heap.find()).as(log).isTrue();
            long samples = Long.parseLong(heap.group(1));
            long bytes = Long.parseLong(heap.group(2));
            assertThat(samples).as(log).isBetween(1L, 256L);
            // verified: JDK 17's jdk.OldObjectSample has no objectSize, JDK 25's has
            if (feature >= 25) {
                assertThat(bytes).as(java + " reports object sizes").isGreaterThanOrEqualTo(samples * 16);
                assertThat(heapRaw).doesNotContain("has no objectSize");
            } else if (feature == 17) {
                assertThat(bytes).as(java + " has no object sizes").isZero();
                assertThat(heapRaw).contains("has no objectSize");
            }
        }
    }
}
