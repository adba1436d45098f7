package dev.vigil.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tools users read our output with ({@code go tool pprof}, {@code promtool}). A missing tool fails the test
 * with the package to install: the project's test command installs them, so a skip would only hide a gap.
 */
final class ExternalTool {
    record Result(int exitCode, String output) {
    }

    private ExternalTool() {
    }

    static Result run(List<String> command, String debianPackage) throws IOException, InterruptedException {
        String tool = command.get(0);
        if (!onPath(tool)) {
            throw new AssertionError(tool + " is not on PATH; install the Debian package " + debianPackage
                    + " (scripts/test does)");
        }
        Path out = Files.createTempFile("vigil-tool-", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** {@code go tool pprof <args> <file>}: the output, failing on a non-zero exit. */
    static String pprof(Path profile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("go", "tool", "pprof"));
        command.addAll(List.of(args));
        command.add(profile.toString());
        Result r = run(command, "golang-go");
        if (r.exitCode() != 0) throw new AssertionError("go tool pprof failed on " + profile + ":\n" + r.output());
        return r.output();
    }

    static boolean onPath(String tool) {
        if (tool.contains(java.io.File.separator)) return Files.isExecutable(Path.of(tool));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
