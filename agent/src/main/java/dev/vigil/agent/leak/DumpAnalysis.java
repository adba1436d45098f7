package dev.vigil.agent.leak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.agent.Vigil;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Analyses a heap dump in a separate JVM ({@code vigil analyze --format json}) so that the analysis can never take
 * the host's heap or CPU time from its own threads. Needs the agent to run from vigil.jar, which carries the CLI.
 */
final class DumpAnalysis {
    static final long TIMEOUT_MINUTES = 10;

    private final Path vigilJar;
    private final String unavailableReason;

    private DumpAnalysis(Path vigilJar, String unavailableReason) {
        this.vigilJar = vigilJar;
        this.unavailableReason = unavailableReason;
    }

    /**
     * Finds vigil.jar from {@link Vigil}'s code source: the host's class loader loads Vigil from the jar, while this
     * class may be defined by the agent's own loader, which gives its classes no code source.
     */
    static DumpAnalysis locate() {
        try {
            Path source = Path.of(Vigil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(source)) {
                return new DumpAnalysis(null, "the agent is not running from vigil.jar");
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                if (jar.getEntry("dev/vigil/cli/VigilCommand.class") == null) {
                    return new DumpAnalysis(null, source + " does not contain the vigil CLI");
                }
            }
            return new DumpAnalysis(source, null);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return new DumpAnalysis(null, "cannot locate vigil.jar: " + e);
        }
    }

    String unavailableReason() {
        return unavailableReason;
    }

    /** Runs the analysis and returns its JSON (the public contract of {@code vigil analyze --format json}). */
    JsonNode analyze(Path dump) throws IOException, InterruptedException {
        if (vigilJar == null) throw new IOException(unavailableReason);
        long dumpBytes = Files.size(dump);
        long heapMb = Math.min(4096, Math.max(256, dumpBytes / (1 << 20)));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("vigil-analysis-", ".json");
        Path err = Files.createTempFile("vigil-analysis-", ".err");
        try {
            Process p = new ProcessBuilder(java.toString(), "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-cp",
                    vigilJar.toString(), "dev.vigil.cli.VigilCommand", "analyze", dump.toString(), "--format", "json",
                    "--top", "5").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("heap dump analysis did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                String why = Files.readString(err, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                throw new IOException("heap dump analysis failed (exit " + p.exitValue() + "): " + why);
            }
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The analysis' suspects as {class, retained_bytes, path}, for the finding's evidence. */
    static List<JsonNode> suspects(JsonNode analysis) {
        List<JsonNode> list = new ArrayList<>();
        analysis.path("suspects").forEach(list::add);
        return list;
    }
}
