package dev.vigil.pprof.threads;

import dev.vigil.pprof.GoPprof;
import dev.vigil.pprof.PprofWriter;
import dev.vigil.pprof.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/** Threads parked in known states; the dumps must describe exactly those states and locks. */
class ThreadDumpTest {
    private static final Object HELD_MONITOR = new Object();
    private static final Object WAITED_MONITOR = new Object();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static final List<Thread> THREADS = new ArrayList<>();
    private static volatile boolean stop;

    private static ThreadDump dump;

    @BeforeAll
    static void startThreadsInKnownStates() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        start("vigil-test-holder", () -> holdMonitorForTest(holding));
        holding.await();
        start("vigil-test-blocked", ThreadDumpTest::blockOnMonitorForTest);
        start("vigil-test-waiter", ThreadDumpTest::waitOnMonitorForTest);
        for (int i = 1; i <= 3; i++) {
            start("vigil-test-parked-" + i, ThreadDumpTest::parkInGroupForTest);
        }
        start("vigil-test-lock-owner", ThreadDumpTest::ownLockForTest);

        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ids = THREADS.stream().mapToLong(Thread::getId).toArray();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            ThreadInfo[] infos = mx.getThreadInfo(ids, true, true);
            if (settled(infos)) {
                dump = ThreadDump.of(infos);
                return;
            }
            assertThat(System.nanoTime()).as("threads reached their states").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static boolean settled(ThreadInfo[] infos) {
        for (ThreadInfo info : infos) {
            Thread.State s = info.getThreadState();
            boolean expected = switch (info.getThreadName()) {
                case "vigil-test-blocked" -> s == Thread.State.BLOCKED;
                case "vigil-test-lock-owner" -> s == Thread.State.WAITING && info.getLockedSynchronizers().length == 1;
                default -> s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
            };
            if (!expected || info.getStackTrace().length == 0 || !containsTestFrame(info)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsTestFrame(ThreadInfo info) {
        for (StackTraceElement e : info.getStackTrace()) {
            if (e.getMethodName().endsWith("ForTest")) {
                return true;
            }
        }
        return false;
    }

    @AfterAll
    static void release() throws InterruptedException {
        stop = true;
        RELEASE.countDown();
        synchronized (WAITED_MONITOR) {
            WAITED_MONITOR.notifyAll();
        }
        for (Thread t : THREADS) {
            LockSupport.unpark(t);
            t.join(5_000);
        }
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        THREADS.add(t);
        t.start();
    }

    static void holdMonitorForTest(CountDownLatch holding) {
        synchronized (HELD_MONITOR) {
            holding.countDown();
            while (!stop) {
                LockSupport.parkNanos(1_000_000_000L);
            }
        }
    }

    static void blockOnMonitorForTest() {
        synchronized (HELD_MONITOR) {
            stop = true;
        }
    }

    static void waitOnMonitorForTest() {
        synchronized (WAITED_MONITOR) {
            while (!stop) {
                try {
                    WAITED_MONITOR.wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static void parkInGroupForTest() {
        try {
            RELEASE.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void ownLockForTest() {
        LOCK.lock();
        try {
            while (!stop) {
                LockSupport.park();
            }
        } finally {
            LOCK.unlock();
        }
    }

    private static String hash(Object o) {
        return String.format("<0x%08x>", System.identityHashCode(o));
    }

    private static String section(String text, String threadName) {
        int start = text.indexOf("\"" + threadName + "\"");
        assertThat(start).as(threadName + " in\n" + text).isNotNegative();
        int end = text.indexOf("\n\"", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @Test
    void groupedTextPutsTheBiggestGroupOfIdenticalStacksFirst() {
        String text = dump.groupedText();
        assertThat(text).startsWith("threads: total 7\n\n3 threads in WAITING: "
                + "vigil-test-parked-1, vigil-test-parked-2, vigil-test-parked-3\n#\t");
        String firstGroup = text.substring(0, text.indexOf("\n\n", 20));
        assertThat(firstGroup).contains("CountDownLatch.await", "ThreadDumpTest.parkInGroupForTest(ThreadDumpTest.java:");
        assertThat(text).contains("1 thread in BLOCKED: vigil-test-blocked\n");
        // every other thread is in a group of its own
        assertThat(text.split("\n\n")).hasSize(1 + 5);
    }

    @Test
    void fullTextShowsStatesLocksHeldAndLocksWaitedOn() {
        String text = dump.fullText();
        assertThat(text).startsWith("Full thread dump (7 threads):");

        String blocked = section(text, "vigil-test-blocked");
        assertThat(blocked).containsPattern("\"vigil-test-blocked\" #\\d+ daemon prio=5 BLOCKED\n")
                .contains("\tat dev.vigil.pprof.threads.ThreadDumpTest.blockOnMonitorForTest(ThreadDumpTest.java:")
                .contains("\t- waiting to lock " + hash(HELD_MONITOR) + " (a java.lang.Object) owned by \"vigil-test-holder\" #");

        String holder = section(text, "vigil-test-holder");
        assertThat(holder).contains("TIMED_WAITING", "- locked " + hash(HELD_MONITOR) + " (a java.lang.Object)");
        // the lock appears right after the frame that took it
        assertThat(holder).containsPattern("holdMonitorForTest\\(ThreadDumpTest\\.java:\\d+\\)\n\t- locked ");

        assertThat(section(text, "vigil-test-waiter"))
                .contains("WAITING", "- waiting on " + hash(WAITED_MONITOR) + " (a java.lang.Object)");
        assertThat(section(text, "vigil-test-parked-2"))
                .contains("- parking to wait for ", "(a java.util.concurrent.CountDownLatch$Sync)");
        assertThat(section(text, "vigil-test-lock-owner"))
                .contains("Locked ownable synchronizers:", "(a java.util.concurrent.locks.ReentrantLock$NonfairSync)");
        assertThat(section(text, "vigil-test-blocked")).doesNotContain("Locked ownable synchronizers");
    }

    @Test
    void profileCountsThreadsPerStackAndGoToolPprofReadsIt(@TempDir Path dir) throws Exception {
        Profile p = dump.toProfile();
        assertThat(p.sampleTypes()).containsExactly(new Profile.ValueType("goroutine", "count"));
        assertThat(p.total(0)).isEqualTo(7);
        assertThat(p.samples()).hasSize(5).anySatisfy(s -> {
            assertThat(s.value(0)).isEqualTo(3);
            assertThat(s.labels()).containsEntry("state", "WAITING");
            assertThat(s.stack()).anySatisfy(f -> {
                assertThat(f.function().name()).isEqualTo("dev.vigil.pprof.threads.ThreadDumpTest.parkInGroupForTest");
                assertThat(f.function().filename()).isEqualTo("dev/vigil/pprof/threads/ThreadDumpTest.java");
                assertThat(f.line()).isPositive();
            });
        });

        Path file = dir.resolve("goroutine.pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            PprofWriter.write(p, out);
        }
        assertThat(GoPprof.run(file, "-top")).contains("Type: goroutine")
                .containsPattern("\\n\\s+0\\s+0%\\s+\\S+\\s+3\\s+42\\.86%\\s+dev\\.vigil\\.pprof\\.threads\\.ThreadDumpTest\\.parkInGroupForTest");
        assertThat(GoPprof.run(file, "-traces")).contains("state:  BLOCKED", "blockOnMonitorForTest");
    }

    @Test
    void captureSeesTheCallingThreadAndSkipsDeadThreads() {
        ThreadDump all = ThreadDump.capture();
        assertThat(all.threadCount()).isGreaterThanOrEqualTo(8);
        assertThat(all.fullText()).contains("\"" + Thread.currentThread().getName() + "\"", "RUNNABLE");
        ThreadInfo[] withDead = {null, ManagementFactory.getThreadMXBean().getThreadInfo(Thread.currentThread().getId())};
        assertThat(ThreadDump.of(withDead).threadCount()).isEqualTo(1);
    }
}
