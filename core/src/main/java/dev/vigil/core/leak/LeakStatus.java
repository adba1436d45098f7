package dev.vigil.core.leak;

import java.util.Collection;
import java.util.Locale;

/** Verdict of one detector, ordered from best to worst. */
public enum LeakStatus {
    /** No sustained growth, still warming up, or growth that clearly stopped. */
    OK,
    /** Statistically significant growth that has not lasted long enough (or not been certain enough) to call a leak. */
    SUSPECTED,
    /** Growth that stayed significant for the escalation period, or that will exhaust the resource soon. */
    LEAKING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public LeakStatus worse(LeakStatus other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }

    /** The worst status of the findings; OK for none. */
    public static LeakStatus worst(Collection<LeakFinding> findings) {
        LeakStatus worst = OK;
        for (LeakFinding f : findings) worst = worst.worse(f.status());
        return worst;
    }
}
