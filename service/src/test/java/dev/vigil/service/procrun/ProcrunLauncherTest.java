package dev.vigil.service.procrun;

import dev.vigil.service.ExitCode;
import dev.vigil.service.LifecycleState;
import dev.vigil.service.ProcessExit;
import dev.vigil.service.Service;
import dev.vigil.service.ServiceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** procrun's jvm mode, driven as prunsrv drives it: start on one thread (blocks), stop on another. */
class ProcrunLauncherTest {
    static final List<String> EXITS = new CopyOnWriteArrayList<>();

    public static final class Quiet implements Service {
        static volatile boolean closed;

        @Override
        public void start(ServiceContext context) {
            context.open("thing", () -> closed = true);
        }
    }

    public static final class Broken implements Service {
        @Override
        public void start(ServiceContext context) {
            throw new IllegalStateException("no database");
        }
    }

    @AfterEach
    void reset() {
        ProcrunLauncher.reset();
        ProcrunLauncher.useExit(ProcessExit.SYSTEM);
        EXITS.clear();
    }

    static void recordExits() {
        ProcrunLauncher.useExit(new ProcessExit() {
            @Override
            public void exit(int code) {
                EXITS.add("exit " + code);
            }

            @Override
            public void halt(int code) {
                EXITS.add("halt " + code);
            }
        });
    }

    @Test
    void startBlocksUntilStopThenReturnsNormallyOnACleanStop() throws Exception {
        recordExits();
        Thread start = new Thread(() -> ProcrunLauncher.start(new String[] {Quiet.class.getName()}));
        start.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcrunLauncher.runner() != null
                && ProcrunLauncher.runner().state() == LifecycleState.RUNNING);
        assertThat(start.isAlive()).as("start blocks while the service runs").isTrue();

        ProcrunLauncher.stop(new String[0]);

        start.join(10_000);
        assertThat(start.isAlive()).isFalse();
        assertThat(Quiet.closed).isTrue();
        assertThat(ProcrunLauncher.runner().exitCode()).isEqualTo(ExitCode.CLEAN_STOP);
        assertThat(EXITS).as("a clean stop returns; procrun reports exit 0").isEmpty();
    }

    @Test
    void aFailedStartExitsOneSoTheScmRecoveryApplies() {
        recordExits();
        ProcrunLauncher.start(new String[] {Broken.class.getName()});
        assertThat(EXITS).containsExactly("exit " + ExitCode.START_FAILED.code());
    }

    @Test
    void anUnknownClassIsAStartFailure() {
        recordExits();
        ProcrunLauncher.start(new String[] {"com.example.Missing"});
        assertThat(EXITS).containsExactly("exit " + ExitCode.START_FAILED.code());
    }
}
