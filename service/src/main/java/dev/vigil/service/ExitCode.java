package dev.vigil.service;

/**
 * Process exit codes. Only a clean stop exits 0, so every service manager's "restart on failure" (systemd
 * {@code Restart=on-failure}, WinSW {@code <onfailure>}, SCM recovery with the failure flag set) restarts the
 * service after anything else. 3 is left out because the JVM itself exits 3 under
 * {@code -XX:+ExitOnOutOfMemoryError}.
 */
public enum ExitCode {
    /** Stopped on request; all in-flight work drained and every resource closed. */
    CLEAN_STOP(0, "stopped cleanly"),
    /** {@link Service#start} threw (bad configuration, a port taken, a dependency down). */
    START_FAILED(1, "failed to start"),
    /** The service reported a failure while running ({@link ServiceContext#fail}). */
    RUN_FAILED(2, "failed while running"),
    /** In-flight work was still running when the stop deadline passed and was abandoned. */
    STOP_DEADLINE_EXCEEDED(4, "stop deadline passed with work in flight"),
    /** Stopping threw, or a resource failed to close. */
    STOP_FAILED(5, "failed while stopping"),
    /** A second stop signal arrived during a graceful stop: exited at once. */
    FORCED(6, "forced by a second signal"),
    /** The watchdog saw an OutOfMemoryError, took a heap dump and exited so the manager restarts a fresh JVM. */
    WATCHDOG_OUT_OF_MEMORY(7, "watchdog: out of memory"),
    /** The watchdog saw a leak verdict with exhaustion near, took a heap dump and stopped for a restart. */
    WATCHDOG_LEAK(8, "watchdog: leak would exhaust memory soon");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
