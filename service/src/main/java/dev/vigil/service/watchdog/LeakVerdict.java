package dev.vigil.service.watchdog;

import java.time.Duration;
import java.util.Optional;

/**
 * What a leak detector concluded about one resource, reduced to what the watchdog acts on. The detector module
 * builds these from its findings and passes them to {@link Watchdog#onVerdict}.
 *
 * @param resource what is leaking ("old gen", "threads", "direct buffers")
 * @param status the detector's status word; the watchdog acts only on {@code leaking}
 * @param timeToExhaustion how long until the resource runs out at the fitted rate, when the detector projected it
 * @param summary one sentence, logged and shown with the exit
 */
public record LeakVerdict(String resource, String status, Optional<Duration> timeToExhaustion, String summary) {
    public static final String LEAKING = "leaking";

    public boolean leaking() {
        return LEAKING.equalsIgnoreCase(status);
    }
}
