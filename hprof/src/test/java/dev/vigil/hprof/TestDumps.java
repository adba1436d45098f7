package dev.vigil.hprof;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Dumps written once per test run by a child JVM running {@link LeakyProgram}. */
public final class TestDumps {
    private static Path directory;

    private TestDumps() {
    }

    public static synchronized Path directory() throws IOException, InterruptedException {
        if (directory == null) {
            Path dir = Files.createTempDirectory("vigil-hprof-test");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    LeakyProgram.class.getName(), dir.resolve("leaky.hprof").toString(), dir.resolve("leaky.hprof.gz").toString(),
                    dir.resolve("histogram.txt").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("child JVM failed: " + Files.readString(dir.resolve("child.log")));
            }
            directory = dir;
            dir.toFile().deleteOnExit();
            for (String name : List.of("leaky.hprof", "leaky.hprof.gz", "histogram.txt", "child.log")) {
                dir.resolve(name).toFile().deleteOnExit();
            }
        }
        return directory;
    }

    public static Path plainDump() throws IOException, InterruptedException {
        return directory().resolve("leaky.hprof");
    }

    public static Path gzippedDump() throws IOException, InterruptedException {
        return directory().resolve("leaky.hprof.gz");
    }

    /** The JVM's class histogram: Java class name -> {instances, bytes}. */
    public static Map<String, long[]> jvmHistogram() throws IOException, InterruptedException {
        Map<String, long[]> result = new HashMap<>();
        for (String line : Files.readAllLines(directory().resolve("histogram.txt"))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[0].endsWith(":")) {
                String name = parts[3];
                result.merge(jvmName(name), new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return result;
    }

    /** "[B" -> "byte[]", "[Ljava.lang.Object;" -> "java.lang.Object[]". */
    static String jvmName(String name) {
        return dev.vigil.hprof.graph.HeapClass.javaName(name.replace('.', '/'));
    }
}
