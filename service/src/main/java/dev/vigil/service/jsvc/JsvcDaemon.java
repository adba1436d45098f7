package dev.vigil.service.jsvc;

import dev.vigil.service.ExitCode;
import dev.vigil.service.ServiceLaunch;
import dev.vigil.service.ServiceLog;
import dev.vigil.service.ServiceRunner;
import org.apache.commons.daemon.Daemon;
import org.apache.commons.daemon.DaemonContext;
import org.apache.commons.daemon.DaemonInitException;

/**
 * The {@link Daemon} jsvc drives: {@code jsvc ... dev.vigil.service.jsvc.JsvcDaemon com.acme.OrderService [args]}.
 * jsvc owns the signals (SIGTERM and {@code jsvc -stop} both end in {@link #stop()}), so the runner installs no
 * handlers of its own. {@code stop()} blocks until the drain is done, which is what jsvc waits for before it
 * removes the pidfile.
 */
public final class JsvcDaemon implements Daemon {
    private ServiceRunner runner;

    @Override
    public void init(DaemonContext context) throws DaemonInitException {
        try {
            runner = ServiceLaunch.builder(context.getArguments(), System.getProperties())
                    .handleSignals(false)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new DaemonInitException(e.getMessage());
        }
    }

    @Override
    public void start() throws Exception {
        runner.start(); // throws on failure: jsvc then reports the start failed and exits non-zero
    }

    @Override
    public void stop() {
        runner.stop("jsvc stop");
    }

    @Override
    public void destroy() {
        ExitCode code = runner == null ? null : runner.exitCode();
        if (code != null && code != ExitCode.CLEAN_STOP) {
            ServiceLog.warn("service ended with " + code.code() + " (" + code.meaning() + ")");
        }
    }

    /** For tests and /debug wiring inside a jsvc-hosted JVM. */
    public ServiceRunner runner() {
        return runner;
    }
}
