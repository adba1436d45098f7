package dev.vigil.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real JVM started by a test, with its output in files; killed on close. */
final class TargetJvm implements AutoCloseable {
    static final Path VIGIL_JAR = Path.of(required("vigil.jar"));
    static final Path TEST_CLASSES = Path.of(required("vigil.it.classes"));
    private static final Pattern URL = Pattern.compile("debug server on (http://\\S+/debug/pprof/)");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private TargetJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The JDKs to test on, from -Dvigil.it.jdks; a missing one fails the test instead of being skipped. */
    static List<Path> jdks() {
        List<Path> homes = new ArrayList<>();
        for (String home : required("vigil.it.jdks").split(",")) {
            Path java = Path.of(home.trim(), "bin", "java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException("JDK for integration tests missing: " + java);
            }
            homes.add(Path.of(home.trim()));
        }
        return homes;
    }

    static Path java(Path jdk) {
        return jdk.resolve("bin").resolve("java");
    }

    /** Starts {@code java <jvmArgs> -cp test-classes <mainClass> <appArgs>}. */
    static TargetJvm start(Path jdk, List<String> jvmArgs, String mainClass, String... appArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java(jdk).toString());
        command.add("-Xmx512m");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(TEST_CLASSES.toString()); // the agent jar reaches the class path through -javaagent or attach
        command.add(mainClass);
        command.addAll(List.of(appArgs));
        Path dir = Files.createTempDirectory("vigil-it-");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new TargetJvm(p, out, err);
    }

    static TargetJvm startWorkloadWithAgent(Path jdk, String agentOptions, String... extraJvmArgs) throws IOException {
        List<String> jvmArgs = new ArrayList<>(List.of(extraJvmArgs));
        jvmArgs.add("-javaagent:" + VIGIL_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        return start(jdk, jvmArgs, Workload.class.getName(), "300", "publish");
    }

    /** The exit code, or null if the JVM is still running after {@code limit}. */
    Integer waitForExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits until stdout or stderr contains {@code text}; fails with both outputs if it does not within the limit. */
    void awaitOutput(String text, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (stdout().contains(text) || stderr().contains(text)) return;
            if (!process.isAlive()) break;
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' from the target JVM (alive=" + process.isAlive() + ")\nstdout:\n"
                + stdout() + "\nstderr:\n" + stderr());
    }

    /** The debug server's index URL from the agent's start-up line. */
    String awaitDebugUrl() throws IOException, InterruptedException {
        awaitOutput("debug server on ", Duration.ofSeconds(30));
        Matcher m = URL.matcher(stderr());
        if (!m.find()) throw new AssertionError("no URL in stderr:\n" + stderr());
        return m.group(1);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) throw new IllegalStateException("system property " + property + " is not set (run via Maven)");
        return value;
    }
}
