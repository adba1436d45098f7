package dev.vigil.agent.probe;

/** How one probe is doing, as shown on /debug/vars. */
public record ProbeStatus(String name, long samples, long failures, String lastError, long lastSuccessMillis) {
    public boolean healthy() {
        return lastError == null;
    }
}
