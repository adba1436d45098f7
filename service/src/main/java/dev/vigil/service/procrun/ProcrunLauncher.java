package dev.vigil.service.procrun;

import dev.vigil.service.ExitCode;
import dev.vigil.service.ProcessExit;
import dev.vigil.service.ServiceLaunch;
import dev.vigil.service.ServiceLog;
import dev.vigil.service.ServiceRunner;
import dev.vigil.service.ServiceStartException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * procrun (prunsrv) in jvm mode: {@code --StartClass=dev.vigil.service.procrun.ProcrunLauncher --StartMethod=start
 * --StartParams=com.acme.OrderService} and the same class with {@code --StopMethod=stop}. procrun calls
 * {@link #start} on one thread and expects it to block for the life of the service; it calls {@link #stop} on
 * another thread when the SCM asks for a stop, then waits (up to --StopTimeout) for start to return.
 *
 * <p>A clean stop returns normally. Anything else ends the JVM with its {@link ExitCode} so procrun reports a
 * non-zero exit to the SCM and the recovery actions (restart) apply.
 */
public final class ProcrunLauncher {
    private static final AtomicReference<ServiceRunner> RUNNING = new AtomicReference<>();
    private static volatile ProcessExit exit = ProcessExit.SYSTEM;

    private ProcrunLauncher() {
    }

    /** Blocks until the service has stopped. */
    public static void start(String[] args) {
        ServiceRunner runner;
        try {
            // procrun runs the JVM with -Xrs: signals are the SCM's business, not ours
            runner = ServiceLaunch.builder(args, System.getProperties()).handleSignals(false).build();
        } catch (IllegalArgumentException e) {
            ServiceLog.warn(e.getMessage());
            exit.exit(ExitCode.START_FAILED.code());
            return;
        }
        RUNNING.set(runner);
        try {
            runner.start();
        } catch (ServiceStartException e) {
            exit.exit(ExitCode.START_FAILED.code());
            return;
        }
        runner.awaitStopRequest();
        runner.stop("procrun stop");
        ExitCode code = runner.exitCode();
        if (code != null && code != ExitCode.CLEAN_STOP) exit.exit(code.code());
    }

    /** Asks the running service to stop and waits for its stop to finish. */
    public static void stop(String[] args) {
        ServiceRunner runner = RUNNING.get();
        if (runner == null) return;
        runner.requestStop("procrun stop");
        runner.awaitTermination(runner.stopTimeout().plus(Duration.ofSeconds(5)));
    }

    /** The runner procrun started, or null (for wiring /debug endpoints inside the service JVM). */
    public static ServiceRunner runner() {
        return RUNNING.get();
    }

    static void useExit(ProcessExit replacement) {
        exit = replacement;
    }

    static void reset() {
        RUNNING.set(null);
    }
}
