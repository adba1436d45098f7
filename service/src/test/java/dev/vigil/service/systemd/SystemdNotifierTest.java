package dev.vigil.service.systemd;

import dev.vigil.service.ChildJvm;
import dev.vigil.service.ExitCode;
import dev.vigil.service.HealthReport;
import dev.vigil.service.ServiceMain;
import dev.vigil.service.StatusNotifier;
import dev.vigil.service.sample.SampleHttpService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SystemdNotifierTest {
    @TempDir
    Path dir;

    @Test
    void sendsEachMessageAsOneDatagramToAPathSocket() throws Exception {
        try (NotifySocket systemd = new NotifySocket(dir.resolve("notify").toString())) {
            SystemdNotifier notifier = new SystemdNotifier(systemd.path(), Duration.ZERO);
            notifier.status("warming caches");
            notifier.extendTimeout(Duration.ofSeconds(90));
            notifier.ready();
            notifier.watchdog();
            notifier.stopping();

            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().size() == 5);
            List<String> m = systemd.messages();
            assertThat(m.get(0)).isEqualTo("STATUS=warming caches");
            assertThat(m.get(1)).isEqualTo("EXTEND_TIMEOUT_USEC=90000000");
            assertThat(m.get(2)).isEqualTo("READY=1\nMAINPID=" + ProcessHandle.current().pid());
            assertThat(m.subList(3, 5)).containsExactly("WATCHDOG=1", "STOPPING=1");
        }
    }

    @Test
    void reachesAnAbstractSocket() throws Exception {
        String name = "@vigil-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (NotifySocket systemd = new NotifySocket(name)) {
            assertThat(new SystemdNotifier(name, Duration.ZERO).send("READY=1")).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().contains("READY=1"));
        }
    }

    @Test
    void aMissingSocketIsReportedNotThrown() {
        assertThat(new SystemdNotifier(dir.resolve("nobody").toString(), Duration.ZERO).send("READY=1")).isFalse();
    }

    @Test
    void readsTheEnvironmentLikeSdNotify() {
        assertThat(SystemdNotifier.fromEnvironment(Map.of(), 42)).isSameAs(StatusNotifier.NONE);
        StatusNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/x",
                "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42);
        assertThat(n.watchdogInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42))
                .as("the watchdog is for another process").isZero();
    }

    @Test
    void watchdogPingsOnlyAfterAPassingHealthCheck() throws Exception {
        try (NotifySocket systemd = new NotifySocket(dir.resolve("notify").toString())) {
            SystemdNotifier notifier = new SystemdNotifier(systemd.path(), Duration.ofSeconds(1));
            boolean[] healthy = {true};
            SystemdWatchdog watchdog = new SystemdWatchdog(notifier, () -> new HealthReport(healthy[0] ? 200 : 503,
                    Map.of()), Duration.ofSeconds(1));
            watchdog.tick();
            healthy[0] = false;
            watchdog.tick();
            watchdog.tick();
            healthy[0] = true;
            watchdog.tick();
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.messages().size() == 2);
            assertThat(systemd.messages()).containsExactly("WATCHDOG=1", "WATCHDOG=1");
            assertThat(watchdog.pings()).isEqualTo(2);
        }
    }

    /**
     * A real JVM under ServiceMain with NOTIFY_SOCKET, as systemd starts a Type=notify unit: a slow start extends the
     * timeout, READY=1 comes once started, watchdog pings flow, SIGTERM gives STOPPING=1 and exit 0; and a second
     * SIGTERM while a drain runs forces exit 6.
     */
    @Test
    void aServiceMainProcessTalksToSystemdAndStopsOnSigterm() throws Exception {
        try (NotifySocket systemd = new NotifySocket(dir.resolve("notify").toString())) {
            Process p = serviceMain(systemd, "100ms");
            await().atMost(Duration.ofSeconds(30)).until(() -> systemd.messages().stream()
                    .anyMatch(m -> m.startsWith("READY=1")));
            List<String> atStart = systemd.messages();
            int extend = indexOf(atStart, "EXTEND_TIMEOUT_USEC=");
            int ready = indexOf(atStart, "READY=1");
            assertThat(extend).as("EXTEND_TIMEOUT_USEC before READY: %s", atStart).isBetween(0, ready - 1);
            assertThat(atStart).contains("STATUS=warming caches");
            await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().contains("WATCHDOG=1"));

            p.toHandle().destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(ExitCode.CLEAN_STOP.code());
            assertThat(systemd.messages()).contains("STOPPING=1");
            assertThat(Files.readString(dir.resolve("out.log"))).contains("STOPPING -> STOPPED")
                    .contains("SIGTERM received");
        }
    }

    @Test
    void aSecondSigtermDuringTheDrainForcesExitSix() throws Exception {
        try (NotifySocket systemd = new NotifySocket(dir.resolve("notify").toString())) {
            Process p = serviceMain(systemd, "0ms");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("port"))
                    && !Files.readString(dir.resolve("port")).isBlank());
            int port = Integer.parseInt(Files.readString(dir.resolve("port")).trim());
            Thread slow = new Thread(() -> ChildJvm.request(port, 1, 20_000));
            slow.setDaemon(true);
            slow.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> ChildJvm.journal(dir.resolve("journal"), "accepted")
                    .contains(1L));

            p.toHandle().destroy();
            await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().contains("STOPPING=1"));
            p.toHandle().destroy();

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(ExitCode.FORCED.code());
        }
    }

    private Process serviceMain(NotifySocket systemd, String startTime) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", ChildJvm.classPath(),
                "-Dsample.start-millis=" + startTime.replace("ms", ""),
                "-Dvigil.service.stop-timeout=30s",
                ServiceMain.class.getName(), SampleHttpService.class.getName(),
                dir.resolve("port").toString(), dir.resolve("journal").toString());
        pb.environment().put("NOTIFY_SOCKET", systemd.path());
        pb.environment().put("WATCHDOG_USEC", "400000");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        return pb.start();
    }

    private static int indexOf(List<String> messages, String prefix) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).startsWith(prefix)) return i;
        }
        return -1;
    }

}
