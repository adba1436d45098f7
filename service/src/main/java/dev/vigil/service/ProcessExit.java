package dev.vigil.service;

/** How the process ends; replaced in tests so that "exit" can be observed instead of ending the test JVM. */
public interface ProcessExit {
    /** Ends the JVM running shutdown hooks ({@link System#exit}). */
    void exit(int code);

    /** Ends the JVM at once, without shutdown hooks ({@link Runtime#halt}): for a second signal or an OOM. */
    void halt(int code);

    ProcessExit SYSTEM = new ProcessExit() {
        @Override
        public void exit(int code) {
            System.exit(code);
        }

        @Override
        public void halt(int code) {
            Runtime.getRuntime().halt(code);
        }
    };
}
