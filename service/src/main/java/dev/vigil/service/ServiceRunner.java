package dev.vigil.service;

import dev.vigil.service.systemd.SystemdNotifier;
import dev.vigil.service.systemd.SystemdWatchdog;
import dev.vigil.service.watchdog.Watchdog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link Service} through its life — the JVM's {@code svc.Run}. {@link #run()} is the whole life for a
 * plain {@code main} (systemd, WinSW, a terminal): start, wait for a stop request (SIGTERM, SIGINT, {@code vigil
 * stop}, the watchdog), stop gracefully, return the exit code. jsvc and procrun call {@link #start()} and
 * {@link #stop(String)} themselves.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ServiceRunner runner = ServiceRunner.builder(new OrderService()).stopTimeout(Duration.ofSeconds(30)).build();
 *     System.exit(runner.run());
 * }
 * }</pre>
 */
public final class ServiceRunner {
    /** The runner most recently started in this JVM, for the agent's /health and /debug routes. */
    private static final java.util.concurrent.atomic.AtomicReference<ServiceRunner> CURRENT =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final Service service;
    private final Duration stopTimeout;
    private final boolean handleSignals;
    private final StatusNotifier notifier;
    private final ProcessExit exit;
    private final Map<String, HealthCheck> liveness;
    private final Map<String, HealthCheck> readiness;
    private final Watchdog watchdog;
    private final List<String> arguments;

    private final Lifecycle lifecycle;
    private final InFlightGate gate = new InFlightGate();
    private final ResourceStack resources = new ResourceStack();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CompletableFuture<ExitCode> terminated = new CompletableFuture<>();
    private final Object stopLock = new Object();
    private volatile String stopReason;
    private volatile ExitCode exitOverride;
    private volatile String failure;
    private volatile String statusText = "";
    private volatile ShutdownReport lastShutdown;
    private SystemdWatchdog systemdWatchdog;
    private boolean stopStarted;

    private ServiceRunner(Builder b) {
        this.service = b.service;
        this.stopTimeout = b.stopTimeout;
        this.handleSignals = b.handleSignals;
        this.notifier = b.notifier != null ? b.notifier : SystemdNotifier.fromEnvironment();
        this.exit = b.exit;
        this.liveness = Map.copyOf(b.liveness);
        this.readiness = new LinkedHashMap<>(b.readiness);
        this.watchdog = b.watchdog;
        this.arguments = List.copyOf(b.arguments);
        this.lifecycle = new Lifecycle(service.name());
        lifecycle.onTransition(t -> notifier.status(t.to().name().toLowerCase(java.util.Locale.ROOT)
                + (t.reason() == null || t.reason().isEmpty() ? "" : ": " + t.reason())));
        if (watchdog != null) {
            watchdog.attach((code, why) -> {
                if (code == ExitCode.WATCHDOG_OUT_OF_MEMORY) {
                    exit.halt(code.code()); // an out-of-memory JVM may not manage a drain
                } else {
                    requestStop("watchdog: " + why, code);
                }
            });
        }
    }

    /**
     * The runner most recently started in this JVM, if any: the agent looks it up at request time, since it starts
     * (premain) before the service's main does.
     */
    public static java.util.Optional<ServiceRunner> current() {
        return java.util.Optional.ofNullable(CURRENT.get());
    }

    public static Builder builder(Service service) {
        return new Builder(service);
    }

    /**
     * The whole life: installs the signal handlers, starts, waits for a stop request, stops, and returns the exit
     * code for {@link System#exit}. Never throws.
     */
    public int run() {
        if (handleSignals) {
            new StopSignals(() -> requestStop("signal"), exit).install();
        }
        // System.exit from elsewhere (or a signal we could not take) still drains before the JVM goes
        Thread hook = new Thread(() -> stop("JVM shutdown"), "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                start();
            } catch (ServiceStartException e) {
                return ExitCode.START_FAILED.code();
            }
            awaitStopRequest();
            stop(stopReason);
            return exitCode().code();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }

    /**
     * INIT → STARTING → RUNNING: calls {@link Service#start}, then tells the manager READY. On failure everything
     * opened is closed in reverse order, the state is FAILED and the exit code {@link ExitCode#START_FAILED}.
     */
    public void start() throws ServiceStartException {
        if (!lifecycle.moveFrom(LifecycleState.INIT, LifecycleState.STARTING, "")) {
            throw new IllegalStateException("start() from state " + lifecycle.state());
        }
        CURRENT.set(this);
        if (watchdog != null) watchdog.watchUncaughtErrors();
        try {
            service.start(new Context());
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            failure = String.valueOf(e);
            ServiceLog.warn(service.name() + " failed to start: " + e);
            gate.close();
            resources.closeAll(Deadline.after(stopTimeout));
            lifecycle.moveTo(LifecycleState.FAILED, "start failed: " + e);
            terminated.complete(ExitCode.START_FAILED);
            stopRequested.countDown();
            throw new ServiceStartException(service.name() + " failed to start: " + e, e);
        }
        if (!lifecycle.moveFrom(LifecycleState.STARTING, LifecycleState.RUNNING, "")) {
            return; // a stop arrived while starting and is already under way
        }
        notifier.ready();
        Duration interval = notifier.watchdogInterval();
        if (!interval.isZero()) {
            systemdWatchdog = new SystemdWatchdog(notifier, this::live, interval);
            systemdWatchdog.start();
        }
    }

    /** Asks for a graceful stop without waiting for it (safe from a signal handler). */
    public void requestStop(String reason) {
        requestStop(reason, null);
    }

    /** Asks for a graceful stop that ends with {@code code} (the watchdog's) instead of the stop's own. */
    public void requestStop(String reason, ExitCode code) {
        if (code != null && exitOverride == null) exitOverride = code;
        if (stopReason == null) stopReason = reason;
        stopRequested.countDown();
    }

    /** Blocks until a stop is requested (or start failed). */
    public void awaitStopRequest() {
        boolean interrupted = false;
        while (true) {
            try {
                stopRequested.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Stops gracefully (see {@link GracefulShutdown}) and returns what happened. Idempotent: a second caller waits
     * for the first stop and gets the same report.
     */
    public ShutdownReport stop(String reason) {
        requestStop(reason);
        synchronized (stopLock) {
            if (stopStarted) {
                awaitTermination(stopTimeout.plusSeconds(5));
                return lastShutdown;
            }
            stopStarted = true;
        }
        String why = stopReason;
        if (lifecycle.state() == LifecycleState.INIT) {
            lifecycle.moveTo(LifecycleState.STOPPED, why);
            terminated.complete(ExitCode.CLEAN_STOP);
            return null;
        }
        if (terminated.isDone()) return lastShutdown; // start failed: already closed
        if (!lifecycle.moveTo(LifecycleState.STOPPING, why)) {
            return lastShutdown;
        }
        notifier.stopping();
        // systemd's stop timer is TimeoutStopSec; ask for the stop budget explicitly in case it is shorter
        notifier.extendTimeout(stopTimeout.plusSeconds(5));
        if (systemdWatchdog != null) systemdWatchdog.close();
        ShutdownReport report = new GracefulShutdown(gate, resources).run(service, why, stopTimeout);
        lastShutdown = report;
        ExitCode code = exitOverride != null ? exitOverride : failure != null ? ExitCode.RUN_FAILED
                : report.exitCode();
        String summary = "in " + report.elapsedMillis() + "ms, exit " + code.code() + " (" + code.meaning() + ")";
        lifecycle.moveTo(code == ExitCode.CLEAN_STOP ? LifecycleState.STOPPED : LifecycleState.FAILED, summary);
        terminated.complete(code);
        return report;
    }

    /** Waits for the end of the life; true when it ended within the timeout. */
    public boolean awaitTermination(Duration timeout) {
        try {
            terminated.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** The exit code once terminated, else null. */
    public ExitCode exitCode() {
        return terminated.getNow(null);
    }

    /** The watchdog, if the service opted in; the agent forwards leak verdicts to it. */
    public java.util.Optional<Watchdog> watchdog() {
        return java.util.Optional.ofNullable(watchdog);
    }

    public LifecycleState state() {
        return lifecycle.state();
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public InFlightGate gate() {
        return gate;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    public Service service() {
        return service;
    }

    /** The report of the stop, or null before one. */
    public ShutdownReport lastShutdown() {
        return lastShutdown;
    }

    /** Adds a readiness check after building (the agent adds its own, for instance). */
    public void addReadinessCheck(String name, HealthCheck check) {
        synchronized (readiness) {
            readiness.put(name, check);
        }
    }

    /**
     * /health/live: 200 while the process is starting, running or stopping and every liveness check passes; 503
     * once STOPPED or FAILED (a manager or orchestrator should restart it).
     */
    public HealthReport live() {
        LifecycleState state = lifecycle.state();
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ok = !state.isFinal() & runChecks(liveness, checks);
        return HealthReport.of(ok, state, checks);
    }

    /** /health/ready: 200 only when RUNNING and every readiness check passes, so traffic drains during a stop. */
    public HealthReport ready() {
        LifecycleState state = lifecycle.state();
        Map<String, Object> checks = new LinkedHashMap<>();
        Map<String, HealthCheck> copy;
        synchronized (readiness) {
            copy = new LinkedHashMap<>(readiness);
        }
        boolean ok = state == LifecycleState.RUNNING & runChecks(copy, checks);
        return HealthReport.of(ok, state, checks);
    }

    private static boolean runChecks(Map<String, HealthCheck> toRun, Map<String, Object> results) {
        boolean all = true;
        for (var e : toRun.entrySet()) {
            HealthCheck.Result r;
            try {
                r = e.getValue().check();
                if (r == null) r = HealthCheck.Result.unhealthy("check returned nothing");
            } catch (Exception ex) {
                r = HealthCheck.Result.unhealthy("check threw " + ex);
            }
            results.put(e.getKey(), Map.of("healthy", r.healthy(), "detail", String.valueOf(r.detail())));
            all &= r.healthy();
        }
        return all;
    }

    /** The service's part of /debug/vars (publish it as {@code "service"}). */
    public Map<String, Object> vars() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("name", service.name());
        vars.put("state", lifecycle.state().name());
        vars.put("state_since_millis", lifecycle.sinceMillis());
        vars.put("status", statusText);
        List<Map<String, Object>> transitions = new ArrayList<>();
        for (Lifecycle.Transition t : lifecycle.history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", t.from().name());
            m.put("to", t.to().name());
            m.put("at_millis", t.atMillis());
            m.put("reason", t.reason());
            transitions.add(m);
        }
        vars.put("transitions", transitions);
        vars.put("in_flight", gate.inFlight());
        vars.put("admitted", gate.admitted());
        vars.put("refused", gate.refused());
        vars.put("stop_timeout_millis", stopTimeout.toMillis());
        vars.put("open_resources", resources.closingOrder());
        ExitCode code = exitCode();
        if (code != null) vars.put("exit_code", code.code());
        if (failure != null) vars.put("failure", failure);
        ShutdownReport r = lastShutdown;
        if (r != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", r.reason());
            m.put("drained", r.drained());
            m.put("abandoned", r.abandoned());
            m.put("stop_error", r.stopError());
            m.put("close_failures", r.closeFailures().stream().map(f -> f.name() + ": " + f.error()).toList());
            m.put("elapsed_millis", r.elapsedMillis());
            vars.put("last_stop", m);
        }
        if (watchdog != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("exhaustion_horizon_millis", watchdog.exhaustionHorizon().toMillis());
            w.put("fired", watchdog.fired());
            w.put("trigger", watchdog.lastTrigger());
            w.put("heap_dump", watchdog.lastDump() == null ? null : watchdog.lastDump().toString());
            vars.put("watchdog", w);
        }
        return vars;
    }

    private final class Context implements ServiceContext {
        @Override
        public <T extends AutoCloseable> T open(String name, T resource) {
            ServiceLog.info("opened " + name);
            return resources.push(name, resource);
        }

        @Override
        public InFlightGate gate() {
            return gate;
        }

        @Override
        public void startProgress(String status, Duration moreTime) {
            statusText = status;
            notifier.status(status);
            notifier.extendTimeout(moreTime);
        }

        @Override
        public boolean stopRequested() {
            return stopRequested.getCount() == 0;
        }

        @Override
        public void fail(Throwable cause) {
            if (cause instanceof OutOfMemoryError oom && watchdog != null) {
                watchdog.onOutOfMemory(oom);
                return;
            }
            if (failure == null) failure = String.valueOf(cause);
            ServiceLog.warn(service.name() + " failed while running: " + cause);
            requestStop("failure: " + cause);
        }

        @Override
        public List<String> arguments() {
            return arguments;
        }
    }

    public static final class Builder {
        private final Service service;
        private Duration stopTimeout = Duration.ofSeconds(30);
        private boolean handleSignals = true;
        private StatusNotifier notifier;
        private ProcessExit exit = ProcessExit.SYSTEM;
        private final Map<String, HealthCheck> liveness = new LinkedHashMap<>();
        private final Map<String, HealthCheck> readiness = new LinkedHashMap<>();
        private Watchdog watchdog;
        private List<String> arguments = List.of();

        private Builder(Service service) {
            this.service = Objects.requireNonNull(service);
        }

        /** The whole budget of a stop: drain plus closes. Default 30 s. */
        public Builder stopTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("stop timeout > 0");
            this.stopTimeout = timeout;
            return this;
        }

        /** Take SIGTERM/SIGINT (default true). Off under jsvc, which owns the signals, and procrun (-Xrs). */
        public Builder handleSignals(boolean handle) {
            this.handleSignals = handle;
            return this;
        }

        /** Default: systemd's when NOTIFY_SOCKET is set, else none. */
        public Builder notifier(StatusNotifier notifier) {
            this.notifier = notifier;
            return this;
        }

        public Builder exit(ProcessExit exit) {
            this.exit = Objects.requireNonNull(exit);
            return this;
        }

        public Builder liveness(String name, HealthCheck check) {
            liveness.put(name, check);
            return this;
        }

        public Builder readiness(String name, HealthCheck check) {
            readiness.put(name, check);
            return this;
        }

        /** Opt-in: heap dump and restart on OOM or a near leak exhaustion. */
        public Builder watchdog(Watchdog watchdog) {
            this.watchdog = watchdog;
            return this;
        }

        public Builder arguments(List<String> arguments) {
            this.arguments = arguments;
            return this;
        }

        public ServiceRunner build() {
            return new ServiceRunner(this);
        }
    }
}
