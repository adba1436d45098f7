package dev.vigil.agent.probe;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process-level readings the JVM's own MXBeans lack: resident set, page faults and open file descriptors.
 * On Linux they come from {@code /proc/self}; elsewhere only what {@code com.sun.management} offers is filled in.
 * A reading that is not available on this platform is -1.
 *
 * @param rssBytes resident set size (the working set, on Windows when known)
 * @param rssAnonymousBytes the anonymous part of it (Linux {@code RssAnon}: no mapped files, no shared memory)
 * @param virtualBytes committed virtual memory
 * @param openFds open file descriptors (Windows handles are not read: see the README)
 * @param maxFds the descriptor limit
 * @param minorFaults page faults served without I/O since the process started
 * @param majorFaults page faults that needed I/O since the process started
 * @param cpuNanos process CPU time, all threads
 */
public record ProcessStats(long rssBytes, long rssAnonymousBytes, long virtualBytes, long openFds, long maxFds,
                           long minorFaults, long majorFaults, long cpuNanos) {

    private static final Path PROC_SELF = Path.of("/proc/self");
    /** Counting stops here: a process with more descriptors is reported at the cap rather than costing a long walk. */
    static final int MAX_FDS_COUNTED = 1_000_000;

    /**
     * Looked up once: {@code ManagementFactory.getOperatingSystemMXBean()} finds the bean through stream pipelines
     * (filter, reduce, collect) on every call. Run every round, those made C2 compile the host's own stream
     * pipelines without inlining their terminal operation (BENCHMARKS.md, "the agent's stream calls in the host's
     * JIT profiles").
     */
    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

    public static ProcessStats read() {
        long cpu = -1, virtual = -1, openFds = -1, maxFds = -1;
        if (OS instanceof com.sun.management.OperatingSystemMXBean sun) {
            cpu = sun.getProcessCpuTime();
            virtual = sun.getCommittedVirtualMemorySize();
        }
        if (OS instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            openFds = unix.getOpenFileDescriptorCount();
            maxFds = unix.getMaxFileDescriptorCount();
        }
        long rss = -1, rssAnonymous = -1, minor = -1, major = -1;
        if (Files.isDirectory(PROC_SELF)) {
            String status = readStatus();
            rss = kilobytesField(status, "VmRSS:");
            rssAnonymous = kilobytesField(status, "RssAnon:");
            long[] faults = readFaults();
            minor = faults[0];
            major = faults[1];
            if (openFds < 0) openFds = countFds();
        }
        return new ProcessStats(rss, rssAnonymous, virtual, openFds, maxFds, minor, major, cpu);
    }

    /** /proc/self/status, or "" when it cannot be read. */
    private static String readStatus() {
        try {
            return Files.readString(PROC_SELF.resolve("status"), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** A field of /proc/self/status given in kB there, in bytes, or -1; no per-line garbage (it runs every round). */
    static long kilobytesField(String status, String field) {
        int at = status.indexOf(field);
        if (at < 0) return -1;
        int i = at + field.length();
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) i++;
        long kb = 0;
        boolean digits = false;
        while (i < status.length() && Character.isDigit(status.charAt(i))) {
            kb = kb * 10 + (status.charAt(i++) - '0');
            digits = true;
        }
        return digits ? kb * 1024 : -1;
    }

    /**
     * minflt and majflt are fields 10 and 12 of /proc/self/stat, counted after the parenthesised command name. Scanned
     * by hand: a regex here, every sampling round, would share the JIT's profiles of java.util.regex with the host.
     */
    static long[] parseFaults(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) throw new IllegalArgumentException("no command name in /proc/self/stat");
        long[] faults = new long[2];
        int field = 2; // the command name is field 2
        int i = close + 1;
        while (field < 12) {
            while (i < stat.length() && Character.isWhitespace(stat.charAt(i))) i++;
            if (i == stat.length()) throw new IllegalArgumentException("/proc/self/stat ends at field " + field);
            int start = i;
            while (i < stat.length() && !Character.isWhitespace(stat.charAt(i))) i++;
            field++;
            if (field == 10) faults[0] = Long.parseLong(stat, start, i, 10);
            if (field == 12) faults[1] = Long.parseLong(stat, start, i, 10);
        }
        return faults;
    }

    private static long[] readFaults() {
        try {
            return parseFaults(Files.readString(PROC_SELF.resolve("stat"), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static long countFds() {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_SELF.resolve("fd"))) {
            for (Path ignored : fds) {
                if (++n >= MAX_FDS_COUNTED) break;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return n;
    }
}
