package dev.vigil.pprof;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Runs the real {@code go tool pprof} on a profile file; fails (never skips) when Go is missing. */
public final class GoPprof {
    private GoPprof() {
    }

    /** Runs {@code go tool pprof <args...> <file>} and returns stdout; fails on a non-zero exit. */
    public static String run(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(goBinary().toString());
        command.add("tool");
        command.add("pprof");
        command.addAll(List.of(args));
        command.add(file.toString());
        ProcessBuilder pb = new ProcessBuilder(command);
        Path err = Files.createTempFile("vigil-go-pprof-", ".err");
        pb.redirectError(err.toFile());
        // pprof keeps fetched profiles under $PPROF_TMPDIR; keep it away from $HOME
        pb.environment().put("PPROF_TMPDIR", System.getProperty("java.io.tmpdir"));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("go tool pprof did not finish in 60 s: " + command);
            }
            if (p.exitValue() != 0) {
                fail("go tool pprof failed (exit " + p.exitValue() + "): " + command + "\n"
                        + Files.readString(err) + "\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    static Path goBinary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path go = Path.of(dir, "go");
                if (Files.isExecutable(go)) {
                    return go;
                }
            }
        }
        return fail("`go` is not on PATH (" + path + "); these tests check profiles with the real"
                + " `go tool pprof`. Install Go (e.g. apt-get install golang-go) and run the tests again.");
    }
}
