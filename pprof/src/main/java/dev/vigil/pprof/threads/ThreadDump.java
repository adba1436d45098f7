package dev.vigil.pprof.threads;

import dev.vigil.pprof.Profile;
import dev.vigil.pprof.Profile.Frame;
import dev.vigil.pprof.Profile.ValueType;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JVM's threads in the three shapes Go's {@code /debug/pprof/goroutine} serves:
 * a profile ({@link #toProfile()}), grouped text ({@link #groupedText()}, {@code ?debug=1}) and a
 * full dump ({@link #fullText()}, {@code ?debug=2}, like jstack).
 *
 * <pre>{@code
 * ThreadDump dump = ThreadDump.capture();
 * PprofWriter.write(dump.toProfile(), out);
 * }</pre>
 */
public final class ThreadDump {
    private final List<ThreadInfo> threads;

    private ThreadDump(List<ThreadInfo> threads) {
        this.threads = threads;
    }

    /** All live threads with their locked monitors and synchronizers where the JVM supports that. */
    public static ThreadDump capture() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return of(mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported()));
    }

    /** Wraps {@code ThreadMXBean.dumpAllThreads(..)} output; null entries (threads that died) are skipped. */
    public static ThreadDump of(ThreadInfo[] infos) {
        List<ThreadInfo> list = new ArrayList<>(infos.length);
        for (ThreadInfo info : infos) {
            if (info != null) {
                list.add(info);
            }
        }
        return new ThreadDump(List.copyOf(list));
    }

    public int threadCount() {
        return threads.size();
    }

    /**
     * One sample per distinct (stack, state) with the number of threads in it:
     * sample type {@code goroutine/count}, label {@code state} (e.g. {@code WAITING}).
     */
    public Profile toProfile() {
        Profile.Builder b = Profile.builder(new ValueType("goroutine", "count"))
                .periodType("goroutine", "count").period(1)
                .timeNanos(System.currentTimeMillis() * 1_000_000L)
                .comment("JVM threads from ThreadMXBean.dumpAllThreads, one count per thread");
        for (ThreadInfo t : threads) {
            b.add(stack(t), Map.of("state", t.getThreadState().name()), 1);
        }
        return b.build();
    }

    /**
     * Threads grouped by identical state and stack, biggest group first, like Go's
     * {@code goroutine?debug=1}:
     * <pre>
     * threads: total 12
     *
     * 3 threads in WAITING: pool-1-thread-1, pool-1-thread-2, pool-1-thread-3
     * #	jdk.internal.misc.Unsafe.park(Native Method)
     * #	java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)
     * </pre>
     */
    public String groupedText() {
        Map<GroupKey, List<ThreadInfo>> groups = new LinkedHashMap<>();
        for (ThreadInfo t : threads) {
            groups.computeIfAbsent(new GroupKey(t.getThreadState(), Arrays.asList(t.getStackTrace())),
                    k -> new ArrayList<>()).add(t);
        }
        List<Map.Entry<GroupKey, List<ThreadInfo>>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Comparator.<Map.Entry<GroupKey, List<ThreadInfo>>>comparingInt(e -> -e.getValue().size())
                .thenComparing(e -> e.getValue().get(0).getThreadName()));
        StringBuilder sb = new StringBuilder();
        sb.append("threads: total ").append(threads.size()).append('\n');
        for (Map.Entry<GroupKey, List<ThreadInfo>> group : sorted) {
            List<ThreadInfo> members = group.getValue();
            sb.append('\n').append(members.size()).append(members.size() == 1 ? " thread in " : " threads in ")
                    .append(group.getKey().state()).append(": ");
            for (int i = 0; i < members.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(members.get(i).getThreadName());
            }
            sb.append('\n');
            for (StackTraceElement e : group.getKey().stack()) {
                sb.append("#\t").append(frame(e)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Every thread with its state, stack, the lock it waits for (and its owner), monitors it holds
     * at each frame and ownable synchronizers it holds, like {@code jstack -l}. Lock ids are identity
     * hash codes, not addresses.
     */
    public String fullText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Full thread dump (").append(threads.size()).append(" threads):\n");
        for (ThreadInfo t : threads) {
            sb.append('\n');
            appendThread(sb, t);
        }
        return sb.toString();
    }

    private static void appendThread(StringBuilder sb, ThreadInfo t) {
        sb.append('"').append(t.getThreadName()).append('"')
                .append(" #").append(t.getThreadId())
                .append(t.isDaemon() ? " daemon" : "")
                .append(" prio=").append(t.getPriority())
                .append(' ').append(t.getThreadState());
        if (t.isSuspended()) {
            sb.append(" (suspended)");
        }
        if (t.isInNative()) {
            sb.append(" (in native)");
        }
        sb.append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        for (int depth = 0; depth < stack.length; depth++) {
            sb.append("\tat ").append(frame(stack[depth])).append('\n');
            if (depth == 0 && t.getLockInfo() != null) {
                sb.append("\t- ").append(waitVerb(t)).append(' ').append(lock(t.getLockInfo()));
                if (t.getLockOwnerName() != null) {
                    sb.append(" owned by \"").append(t.getLockOwnerName()).append("\" #").append(t.getLockOwnerId());
                }
                sb.append('\n');
            }
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == depth) {
                    sb.append("\t- locked ").append(lock(m)).append('\n');
                }
            }
        }
        for (MonitorInfo m : monitors) {
            if (m.getLockedStackDepth() < 0) { // locked by JNI code, no frame
                sb.append("\t- locked ").append(lock(m)).append(" (no frame)\n");
            }
        }
        LockInfo[] synchronizers = t.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            sb.append("\n\tLocked ownable synchronizers:\n");
            for (LockInfo l : synchronizers) {
                sb.append("\t- ").append(lock(l)).append('\n');
            }
        }
    }

    /**
     * jstack's frame format, {@code java.lang.Object.wait(java.base@17.0.15/Native Method)}, without
     * StackTraceElement.toString()'s class-loader prefix ({@code app//}).
     */
    static String frame(StackTraceElement e) {
        StringBuilder sb = new StringBuilder(96).append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.getModuleName() != null) {
            sb.append(e.getModuleName());
            if (e.getModuleVersion() != null) {
                sb.append('@').append(e.getModuleVersion());
            }
            sb.append('/');
        }
        if (e.isNativeMethod()) {
            sb.append("Native Method");
        } else if (e.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
        }
        return sb.append(')').toString();
    }

    private static String waitVerb(ThreadInfo t) {
        return switch (t.getThreadState()) {
            case BLOCKED -> "waiting to lock";
            case WAITING, TIMED_WAITING -> isPark(t) ? "parking to wait for" : "waiting on";
            default -> "waiting on";
        };
    }

    private static boolean isPark(ThreadInfo t) {
        StackTraceElement[] s = t.getStackTrace();
        return s.length > 0 && s[0].getMethodName().equals("park") && s[0].getClassName().endsWith("Unsafe");
    }

    private static String lock(LockInfo l) {
        return String.format("<0x%08x> (a %s)", l.getIdentityHashCode(), l.getClassName());
    }

    private static List<Frame> stack(ThreadInfo t) {
        StackTraceElement[] elements = t.getStackTrace();
        if (elements.length == 0) {
            return List.of(Frame.synthetic("[no Java frames]"));
        }
        List<Frame> frames = new ArrayList<>(elements.length);
        for (StackTraceElement e : elements) {
            frames.add(Frame.javaMethod(e.getClassName(), e.getMethodName(), null, e.getFileName(),
                    Math.max(0, e.getLineNumber())));
        }
        return frames;
    }

    private record GroupKey(Thread.State state, List<StackTraceElement> stack) {
        GroupKey {
            Objects.requireNonNull(state);
        }
    }
}
