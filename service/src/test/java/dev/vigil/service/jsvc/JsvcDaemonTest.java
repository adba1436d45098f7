package dev.vigil.service.jsvc;

import dev.vigil.service.ChildJvm;
import dev.vigil.service.LoadGenerator;
import dev.vigil.service.sample.SampleHttpService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample service under real jsvc (Debian package jsvc), on each JDK of vigil.it.jdks, stopped by
 * {@code jsvc -stop} and by a plain SIGTERM while clients keep it busy: every admitted request completes and is
 * answered, the stop ends within its deadline, and the pidfile is guarded and removed.
 */
class JsvcDaemonTest {
    static final Path JSVC = Path.of("/usr/bin/jsvc");
    static final long WORK_MILLIS = 400;
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** jsvc -stop polls the pidfile about once a second. */
    static final Duration JSVC_POLL_MARGIN = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    static Stream<Arguments> jdksAndStops() {
        List<Arguments> cases = new ArrayList<>();
        for (Path jdk : ChildJvm.jdks()) {
            cases.add(Arguments.of(jdk, "jsvc -stop"));
            cases.add(Arguments.of(jdk, "SIGTERM"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} stopped by {1}")
    @MethodSource("jdksAndStops")
    void stopUnderLoadLosesNoAdmittedRequest(Path jdk, String stopBy) throws Exception {
        assertThat(JSVC).as("jsvc (apt-get install jsvc)").isExecutable();
        Path pidfile = dir.resolve("sample.pid");
        Path portFile = dir.resolve("port");
        Path journal = dir.resolve("journal");

        Process start = jsvc(jdk, pidfile, List.of("-wait", "60"), List.of(portFile.toString(), journal.toString()));
        assertThat(start.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(start.exitValue()).as("jsvc start; err.log: %s", errLog()).isZero();
        long pid = Long.parseLong(Files.readString(pidfile).trim());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        int port = Integer.parseInt(Files.readString(portFile).trim());

        // a second daemon on the same pidfile is refused while the first runs
        Process second = jsvc(jdk, pidfile, List.of("-wait", "20"), List.of(dir.resolve("port2").toString(),
                dir.resolve("journal2").toString()));
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(Files.readString(pidfile).trim()).isEqualTo(String.valueOf(pid));

        try (LoadGenerator load = new LoadGenerator(() -> port, 8, WORK_MILLIS)) {
            load.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> ChildJvm.journal(journal, "accepted").size() >= 16
                    && load.outstanding() >= 4);
            load.stopIssued();
            long stopStart = System.nanoTime();
            if (stopBy.equals("SIGTERM")) {
                ProcessHandle.of(pid).orElseThrow().destroy();
                await().atMost(STOP_TIMEOUT.plus(JSVC_POLL_MARGIN)).until(() -> !Files.exists(pidfile));
            } else {
                Process stop = jsvc(jdk, pidfile, List.of("-stop"), List.of());
                assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(stop.exitValue()).isZero();
            }
            Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStart);
            assertThat(stopTook).isLessThan(STOP_TIMEOUT.plus(JSVC_POLL_MARGIN));
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty()
                    || !ProcessHandle.of(pid).get().isAlive());
            assertThat(pidfile).doesNotExist();
            load.close();

            Set<Long> accepted = new HashSet<>(ChildJvm.journal(journal, "accepted"));
            Set<Long> completed = new HashSet<>(ChildJvm.journal(journal, "completed"));
            assertThat(completed).as("every admitted request ran to its end").isEqualTo(accepted);
            for (Map.Entry<Long, ChildJvm.Outcome> e : load.outcomes().entrySet()) {
                if (accepted.contains(e.getKey())) {
                    assertThat(e.getValue()).as("request %d was admitted, so it must be answered", e.getKey())
                            .isEqualTo(ChildJvm.Outcome.OK);
                } else {
                    assertThat(e.getValue()).as("request %d was not admitted", e.getKey())
                            .isNotEqualTo(ChildJvm.Outcome.OK);
                }
            }
            assertThat(load.okAfterStop()).as("requests in flight at the stop were drained").isPositive();
            assertThat(errLog()).contains("STOPPING -> STOPPED").contains("exit 0");
        }
    }

    private Process jsvc(Path jdk, Path pidfile, List<String> mode, List<String> serviceArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(JSVC.toString(), "-home", jdk.toString(),
                "-cp", ChildJvm.classPath(), "-pidfile", pidfile.toString(),
                "-outfile", dir.resolve("out.log").toString(), "-errfile", dir.resolve("err.log").toString(),
                "-Dvigil.service.stop-timeout=" + STOP_TIMEOUT.toSeconds() + "s"));
        command.addAll(mode);
        command.add(JsvcDaemon.class.getName());
        if (!mode.contains("-stop")) {
            command.add(SampleHttpService.class.getName());
            command.addAll(serviceArgs);
        }
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("jsvc-" + System.nanoTime() + ".log").toFile()).start();
    }

    private String errLog() throws IOException {
        Path err = dir.resolve("err.log");
        return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "(no err.log)";
    }
}
