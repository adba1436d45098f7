package dev.vigil.hprof;

/** Receives progress of long phases (parse, index, dominators, ...). Called from the analysing thread. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> { };

    /**
     * @param phase short name of the phase, e.g. {@code "indexing"}
     * @param done  work done so far in the phase's unit (bytes or objects)
     * @param total total work of the phase in the same unit
     */
    void update(String phase, long done, long total);
}
