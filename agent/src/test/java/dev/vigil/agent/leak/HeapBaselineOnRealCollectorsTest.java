package dev.vigil.agent.leak;

import dev.vigil.core.leak.HeapBaseline;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heap detector's live-set baseline is the right pool on every collector of the JDKs we support: the pool names
 * come from real JVMs started with each collector, not from documentation.
 */
class HeapBaselineOnRealCollectorsTest {
    static final String JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64";
    static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";

    static Stream<Arguments> collectors() {
        return Stream.of(
                Arguments.of(JDK17, "-XX:+UseG1GC", "G1 Old Gen"),
                Arguments.of(JDK17, "-XX:+UseParallelGC", "PS Old Gen"),
                Arguments.of(JDK17, "-XX:+UseSerialGC", "Tenured Gen"),
                Arguments.of(JDK17, "-XX:+UseZGC", "ZHeap"),
                Arguments.of(JDK17, "-XX:+UseShenandoahGC", "Shenandoah"),
                Arguments.of(JDK25, "-XX:+UseG1GC", "G1 Old Gen"),
                Arguments.of(JDK25, "-XX:+UseParallelGC", "PS Old Gen"),
                Arguments.of(JDK25, "-XX:+UseSerialGC", "Tenured Gen"),
                Arguments.of(JDK25, "-XX:+UseZGC", "ZGC Old Generation"),
                Arguments.of(JDK25, "-XX:+UseShenandoahGC", "Shenandoah"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("collectors")
    void baselineIsTheOldOrOnlyPool(String jdk, String collectorFlag, String expectedPool) throws Exception {
        List<String> pools = heapPools(jdk, collectorFlag);
        HeapBaseline baseline = HeapBaseline.choose(pools);
        assertThat(baseline.isFallback()).as("pools %s", pools).isFalse();
        assertThat(baseline.poolName()).as("pools %s", pools).isEqualTo(expectedPool);
        assertThat(pools).contains(expectedPool);
    }

    private static List<String> heapPools(String jdk, String collectorFlag) throws IOException, InterruptedException {
        Path java = Path.of(jdk, "bin", "java");
        if (!Files.isExecutable(java)) throw new AssertionError("JDK missing: " + java);
        Path out = Files.createTempFile("vigil-pools-", ".txt");
        try {
            Process p = new ProcessBuilder(java.toString(), "-Xmx64m", collectorFlag, "-cp",
                    System.getProperty("java.class.path"), PrintHeapPools.class.getName())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish");
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
            assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
            return lines;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
