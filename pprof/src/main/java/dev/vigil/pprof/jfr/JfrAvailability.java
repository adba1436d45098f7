package dev.vigil.pprof.jfr;

/**
 * Decides whether JFR can be used, without linking any jdk.jfr class unless the module is there.
 */
final class JfrAvailability {
    private JfrAvailability() {
    }

    /** Null when JFR is usable, otherwise a sentence saying why not. */
    static String unavailableReason() {
        try {
            Class.forName("jdk.jfr.FlightRecorder", false, JfrAvailability.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return "JFR is not available: this JVM has no jdk.jfr module"
                    + " (a jlink image or --limit-modules without jdk.jfr).";
        }
        try {
            return JfrRecorder.recorderUnavailableReason();
        } catch (SecurityException e) {
            return "JFR is not available: the security manager denies access to Flight Recorder ("
                    + e.getMessage() + ").";
        } catch (RuntimeException | LinkageError e) {
            return "JFR is not available: " + e;
        }
    }
}
