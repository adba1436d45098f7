package dev.vigil.core.leak;

import java.util.List;

/** Builds the group key of a thread: its name with every run of digits replaced by {@code #}, its state, top frames. */
public final class ThreadGroupKey {
    private ThreadGroupKey() {
    }

    /** "pool-12-thread-7" → "pool-#-thread-#". */
    public static String normalizeName(String threadName) {
        if (threadName == null) return "";
        return threadName.replaceAll("[0-9]+", "#");
    }

    /**
     * @param threadName thread name
     * @param state      {@code Thread.State} name, e.g. WAITING
     * @param topFrames  the top stack frames, innermost first, as "Class.method" (the agent picks how many, 3 is a
     *                   good default)
     */
    public static String of(String threadName, String state, List<String> topFrames) {
        StringBuilder key = new StringBuilder(normalizeName(threadName)).append(' ').append(state);
        for (String frame : topFrames) key.append(" | ").append(frame);
        return key.toString();
    }
}
