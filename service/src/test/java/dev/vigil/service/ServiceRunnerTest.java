package dev.vigil.service;

import dev.vigil.service.watchdog.LeakVerdict;
import dev.vigil.service.watchdog.Watchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ServiceRunnerTest {
    final List<String> log = new CopyOnWriteArrayList<>();
    final RecordingExit exit = new RecordingExit();
    final RecordingNotifier notifier = new RecordingNotifier();
    Consumer<String> previousLog;

    @TempDir
    Path dir;

    @BeforeEach
    void captureLog() {
        previousLog = ServiceLog.redirect(log::add);
    }

    @AfterEach
    void restoreLog() {
        ServiceLog.redirect(previousLog);
    }

    static final class RecordingExit implements ProcessExit {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void exit(int code) {
            calls.add("exit " + code);
        }

        @Override
        public void halt(int code) {
            calls.add("halt " + code);
        }
    }

    static final class RecordingNotifier implements StatusNotifier {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public void ready() {
            messages.add("READY=1");
        }

        @Override
        public void stopping() {
            messages.add("STOPPING=1");
        }

        @Override
        public void status(String text) {
            messages.add("STATUS=" + text);
        }

        @Override
        public void extendTimeout(Duration moreTime) {
            messages.add("EXTEND_TIMEOUT_USEC=" + moreTime.toNanos() / 1000);
        }

        @Override
        public void watchdog() {
            messages.add("WATCHDOG=1");
        }
    }

    /** Opens three resources; optionally fails after the second. */
    static final class ThreeResources implements Service {
        final List<String> closed = Collections.synchronizedList(new ArrayList<>());
        final boolean failAfterSecond;
        ServiceContext context;

        ThreeResources(boolean failAfterSecond) {
            this.failAfterSecond = failAfterSecond;
        }

        @Override
        public void start(ServiceContext context) throws Exception {
            this.context = context;
            context.open("database", () -> closed.add("database"));
            context.open("cache", () -> closed.add("cache"));
            if (failAfterSecond) throw new IllegalStateException("port 8080 is taken");
            context.open("http", () -> closed.add("http"));
        }
    }

    ServiceRunner.Builder runner(Service service) {
        return ServiceRunner.builder(service).notifier(notifier).exit(exit).handleSignals(false)
                .stopTimeout(Duration.ofSeconds(2));
    }

    @Test
    void walksTheLifecycleClosesInReverseAndExitsZero() throws Exception {
        ThreeResources service = new ThreeResources(false);
        ServiceRunner r = runner(service).build();
        assertThat(r.state()).isEqualTo(LifecycleState.INIT);
        r.start();
        assertThat(r.state()).isEqualTo(LifecycleState.RUNNING);
        assertThat(ServiceRunner.current()).containsSame(r);
        assertThat(notifier.messages).contains("READY=1");

        ShutdownReport report = r.stop("test");

        assertThat(service.closed).containsExactly("http", "cache", "database");
        assertThat(report.exitCode()).isEqualTo(ExitCode.CLEAN_STOP);
        assertThat(r.exitCode()).isEqualTo(ExitCode.CLEAN_STOP);
        assertThat(r.lifecycle().history()).extracting(Lifecycle.Transition::to).containsExactly(
                LifecycleState.STARTING, LifecycleState.RUNNING, LifecycleState.STOPPING, LifecycleState.STOPPED);
        assertThat(notifier.messages).containsSubsequence("READY=1", "STOPPING=1");
        assertThat(log).anyMatch(l -> l.contains("RUNNING -> STOPPING (test)"));
    }

    @Test
    void aFailedStartClosesWhatWasOpenedAndExitsOne() {
        ThreeResources service = new ThreeResources(true);
        ServiceRunner r = runner(service).build();

        assertThatThrownBy(r::start).isInstanceOf(ServiceStartException.class).hasMessageContaining("8080");

        assertThat(service.closed).containsExactly("cache", "database");
        assertThat(r.state()).isEqualTo(LifecycleState.FAILED);
        assertThat(r.exitCode()).isEqualTo(ExitCode.START_FAILED);
        assertThat(notifier.messages).doesNotContain("READY=1");
    }

    @Test
    void runReturnsOneWhenStartFails() {
        assertThat(runner(new ThreeResources(true)).build().run()).isEqualTo(ExitCode.START_FAILED.code());
    }

    @Test
    void stopRefusesNewWorkAndWaitsForWorkInFlight() throws Exception {
        ThreeResources service = new ThreeResources(false);
        ServiceRunner r = runner(service).build();
        r.start();
        InFlightGate.Permit inFlight = r.gate().tryEnter();
        Thread finisher = new Thread(() -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> !r.gate().isOpen());
            assertThat(service.closed).as("nothing closed while work is in flight").isEmpty();
            inFlight.close();
        });
        finisher.start();

        ShutdownReport report = r.stop("test");
        finisher.join();

        assertThat(r.gate().tryEnter()).as("new work after the stop began").isNull();
        assertThat(report.drained()).isTrue();
        assertThat(report.exitCode()).isEqualTo(ExitCode.CLEAN_STOP);
        assertThat(service.closed).containsExactly("http", "cache", "database");
    }

    @Test
    void workStillRunningAtTheDeadlineGivesExitFour() throws Exception {
        ServiceRunner r = runner(new ThreeResources(false)).stopTimeout(Duration.ofMillis(200)).build();
        r.start();
        r.gate().tryEnter(); // never finishes

        ShutdownReport report = r.stop("test");

        assertThat(report.drained()).isFalse();
        assertThat(report.abandoned()).isEqualTo(1);
        assertThat(r.exitCode()).isEqualTo(ExitCode.STOP_DEADLINE_EXCEEDED);
        assertThat(r.state()).isEqualTo(LifecycleState.FAILED);
    }

    @Test
    void aStopThatHangsIsBoundedByTheDeadline() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Service hangs = new Service() {
            @Override
            public void start(ServiceContext context) {
            }

            @Override
            public void stop(Deadline deadline) throws InterruptedException {
                never.await();
            }
        };
        ServiceRunner r = runner(hangs).stopTimeout(Duration.ofMillis(300)).build();
        r.start();

        ShutdownReport report = r.stop("test");

        assertThat(report.elapsedMillis()).isLessThan(3000);
        assertThat(report.stopError()).contains("did not return");
        assertThat(r.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
    }

    @Test
    void aFailureWhileRunningStopsTheServiceWithExitTwo() throws Exception {
        ThreeResources service = new ThreeResources(false);
        ServiceRunner r = runner(service).build();
        Thread main = new Thread(() -> r.run());
        main.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.state() == LifecycleState.RUNNING);

        service.context.fail(new IllegalStateException("consumer thread died"));

        main.join(10_000);
        assertThat(r.exitCode()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(r.vars()).containsEntry("failure", "java.lang.IllegalStateException: consumer thread died");
    }

    @Test
    void healthFollowsTheLifecycleAndTheChecks() throws Exception {
        boolean[] dbUp = {true};
        ServiceRunner r = runner(new ThreeResources(false))
                .readiness("database", () -> new HealthCheck.Result(dbUp[0], dbUp[0] ? "ok" : "connection refused"))
                .build();
        assertThat(r.ready().status()).isEqualTo(503);
        assertThat(r.live().status()).isEqualTo(200);
        r.start();
        assertThat(r.ready().status()).isEqualTo(200);
        dbUp[0] = false;
        HealthReport notReady = r.ready();
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.body()).containsEntry("state", "RUNNING");
        assertThat(notReady.body().get("checks").toString()).contains("connection refused");
        assertThat(r.live().status()).isEqualTo(200);
        r.stop("test");
        assertThat(r.live().status()).isEqualTo(503);
    }

    @Test
    void varsShowStateTransitionsAndTheLastStop() throws Exception {
        ServiceRunner r = runner(new ThreeResources(false)).build();
        r.start();
        r.stop("SIGTERM");
        Map<String, Object> vars = r.vars();
        assertThat(vars).containsEntry("state", "STOPPED").containsEntry("exit_code", 0);
        assertThat(vars.get("transitions").toString()).contains("RUNNING").contains("SIGTERM");
        assertThat(vars.get("last_stop").toString()).contains("drained=true");
    }

    @Test
    void theFirstSignalStopsGracefullyTheSecondForcesExitSix() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Service slowStop = new Service() {
            @Override
            public void start(ServiceContext context) {
            }

            @Override
            public void stop(Deadline deadline) throws InterruptedException {
                release.await(5, TimeUnit.SECONDS);
            }
        };
        ServiceRunner r = runner(slowStop).build();
        StopSignals signals = new StopSignals(() -> r.requestStop("SIGTERM"), exit);
        Thread main = new Thread(() -> r.run());
        main.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.state() == LifecycleState.RUNNING);

        signals.handle("SIGTERM");
        await().atMost(Duration.ofSeconds(5)).until(() -> r.state() == LifecycleState.STOPPING);
        assertThat(exit.calls).isEmpty();
        signals.handle("SIGTERM");

        assertThat(exit.calls).containsExactly("halt " + ExitCode.FORCED.code());
        release.countDown();
        main.join(10_000);
    }

    @Test
    void slowStartProgressExtendsTheManagersTimeout() throws Exception {
        Service slowStart = context -> context.startProgress("loading 3 of 10 indexes", Duration.ofSeconds(90));
        ServiceRunner r = runner(slowStart).build();
        r.start();
        assertThat(notifier.messages).containsSubsequence("STATUS=loading 3 of 10 indexes",
                "EXTEND_TIMEOUT_USEC=90000000", "READY=1");
    }

    @Test
    void watchdogOnANearLeakDumpsThenStopsWithExitEight() throws Exception {
        List<Path> dumps = new CopyOnWriteArrayList<>();
        Watchdog watchdog = new Watchdog(dir, Duration.ofMinutes(30), file -> {
            Files.writeString(file, "hprof");
            dumps.add(file);
        });
        ServiceRunner r = runner(new ThreeResources(false)).watchdog(watchdog).build();
        Thread main = new Thread(() -> r.run());
        main.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> r.state() == LifecycleState.RUNNING);

        watchdog.onVerdict(new LeakVerdict("old gen", "leaking", Optional.of(Duration.ofHours(2)), "far"));
        watchdog.onVerdict(new LeakVerdict("old gen", "suspect", Optional.of(Duration.ofMinutes(1)), "unsure"));
        assertThat(watchdog.fired()).as("a far exhaustion or a mere suspicion does nothing").isFalse();
        watchdog.onVerdict(new LeakVerdict("old gen", "leaking", Optional.of(Duration.ofMinutes(10)),
                "+12 MB/min after GC"));

        main.join(10_000);
        assertThat(dumps).hasSize(1);
        assertThat(r.exitCode()).isEqualTo(ExitCode.WATCHDOG_LEAK);
        assertThat(r.lastShutdown().drained()).isTrue();
        assertThat(log).anyMatch(l -> l.contains("heap dump written"));
    }

    @Test
    void watchdogOnOutOfMemoryDumpsThenHaltsWithExitSeven() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        Watchdog watchdog = new Watchdog(dir, Duration.ofMinutes(30), file -> order.add("dump"));
        ProcessExit orderedExit = new ProcessExit() {
            @Override
            public void exit(int code) {
                order.add("exit " + code);
            }

            @Override
            public void halt(int code) {
                order.add("halt " + code);
            }
        };
        ServiceRunner r = runner(new ThreeResources(false)).exit(orderedExit).watchdog(watchdog).build();
        r.start();

        watchdog.onOutOfMemory(new OutOfMemoryError("Java heap space"));
        watchdog.onOutOfMemory(new OutOfMemoryError("again"));

        assertThat(order).containsExactly("dump", "halt " + ExitCode.WATCHDOG_OUT_OF_MEMORY.code());
    }

    @Test
    void stopIsIdempotent() throws Exception {
        ServiceRunner r = runner(new ThreeResources(false)).build();
        r.start();
        ShutdownReport first = r.stop("a");
        ShutdownReport second = r.stop("b");
        assertThat(second).isSameAs(first);
    }

    @Test
    void exitCodesAreDistinctAndOnlyCleanIsZero() {
        assertThat(ExitCode.values()).extracting(ExitCode::code).doesNotHaveDuplicates()
                .doesNotContain(3).filteredOn(c -> c == 0).hasSize(1);
        assertThat(ExitCode.CLEAN_STOP.code()).isZero();
    }
}
