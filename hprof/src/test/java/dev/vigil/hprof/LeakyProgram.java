package dev.vigil.hprof;

import com.sun.management.HotSpotDiagnosticMXBean;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs in a child JVM: builds a heap of known structure, dumps it (plain and gzipped) and writes
 * the JVM's own class histogram ({@code GC.class_histogram}) beside it.
 * Arguments: dump path, gzipped dump path, histogram path.
 */
public final class LeakyProgram {
    /** The leak: 4000 byte[1000] in a list sized exactly, retained = 24 + 16016 + 4000 * 1016 bytes. */
    static final List<byte[]> LEAK = new ArrayList<>(4000);
    /** A chain of 5000 nodes of 24 bytes each, held only by this field. */
    static ChainNode chain;
    /** Duplicated strings and empty collections for the waste findings. */
    static final List<Object> WASTE = new ArrayList<>();
    /** An object held only through a soft reference: its path to a GC root must go through the referent. */
    static java.lang.ref.SoftReference<Object> soft;
    static Object weaklyHeld;

    static final class ChainNode {
        ChainNode next;
        long value;
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 4000; i++) {
            LEAK.add(new byte[1000]);
        }
        for (int i = 0; i < 5000; i++) {
            ChainNode n = new ChainNode();
            n.value = i;
            n.next = chain;
            chain = n;
        }
        for (int i = 0; i < 300; i++) {
            WASTE.add(new String(("duplicate-value-" + (i % 3)).toCharArray()));
        }
        for (int i = 0; i < 50; i++) {
            WASTE.add(new HashMap<String, String>());
            WASTE.add(new ArrayList<String>(10));
        }
        soft = new java.lang.ref.SoftReference<>(new int[] {42});
        weaklyHeld = new Map.Entry[0];

        HotSpotDiagnosticMXBean diagnostic = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        ObjectName command = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(command, "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        diagnostic.dumpHeap(args[0], true);
        // the gzipped dump exactly as `jcmd <pid> GC.heap_dump -gz=1` writes it
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.heap_dump", "-gz=1", args[1])
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed");
        }
        Files.writeString(Path.of(args[2]), histogram);
        java.lang.ref.Reference.reachabilityFence(LEAK);
    }
}
