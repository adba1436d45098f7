package dev.vigil.core.leak;

import java.util.ArrayList;
import java.util.List;

/** Builds the group key of a thread: its name with every run of digits replaced by {@code #}, its state, top frames. */
public final class ThreadGroupKey {
    private static final String FRAME_SEPARATOR = " | ";

    private ThreadGroupKey() {
    }

    /**
     * "pool-12-thread-7" → "pool-#-thread-#". A loop, not a regex: the agent calls this for every thread while it
     * watches thread groups, and java.util.regex's JIT profiles are shared with the host's own use of it.
     */
    public static String normalizeName(String threadName) {
        if (threadName == null) return "";
        StringBuilder name = new StringBuilder(threadName.length());
        for (int i = 0; i < threadName.length(); i++) {
            char c = threadName.charAt(i);
            if (c < '0' || c > '9') {
                name.append(c);
            } else if (i == 0 || threadName.charAt(i - 1) < '0' || threadName.charAt(i - 1) > '9') {
                name.append('#');
            }
        }
        return name.toString();
    }

    /**
     * @param threadName thread name
     * @param state      {@code Thread.State} name, e.g. WAITING
     * @param topFrames  the top stack frames, innermost first, as "Class.method" (the agent picks how many, 3 is a
     *                   good default)
     */
    public static String of(String threadName, String state, List<String> topFrames) {
        StringBuilder key = new StringBuilder(normalizeName(threadName)).append(' ').append(state);
        for (String frame : topFrames) key.append(FRAME_SEPARATOR).append(frame);
        return key.toString();
    }

    /** A key taken apart again: "name state" first, then the frames. */
    public static List<String> parts(String key) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int at; (at = key.indexOf(FRAME_SEPARATOR, from)) >= 0; from = at + FRAME_SEPARATOR.length()) {
            parts.add(key.substring(from, at));
        }
        parts.add(key.substring(from));
        return parts;
    }
}
