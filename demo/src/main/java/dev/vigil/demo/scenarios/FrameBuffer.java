package dev.vigil.demo.scenarios;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak: direct buffers. Every connection gets a 64 KiB direct {@code FrameBuffer} for its frames; the close path
 * forgets to release it, so {@code OPEN} keeps every buffer ever allocated and direct memory grows towards
 * {@code -XX:MaxDirectMemorySize}. The heap side is tiny (a few dozen bytes per buffer).
 */
public final class FrameBuffer {
    static final int BYTES = 64 * 1024;
    static final List<FrameBuffer> OPEN = new ArrayList<>();
    final long connectionId;
    final ByteBuffer frame;

    private FrameBuffer(long connectionId) {
        this.connectionId = connectionId;
        this.frame = ByteBuffer.allocateDirect(BYTES);
    }

    static synchronized FrameBuffer open(long connectionId) {
        FrameBuffer b = new FrameBuffer(connectionId);
        OPEN.add(b);
        return b;
    }

    static synchronized void clear() {
        OPEN.clear();
    }

    /** A short connection: a few frames written and read, then closed without releasing its buffer (the bug). */
    static void serveConnection(long id) {
        FrameBuffer b = open(id);
        for (int i = 0; i < 4; i++) {
            b.frame.clear();
            b.frame.putLong(id).putInt(i);
            b.frame.flip();
            b.frame.getLong();
        }
    }

    /** MaxDirectMemorySize, or the JDK's default (the max heap) when it is not set. */
    static long maxDirectBytes() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long configured = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            if (configured > 0) return configured;
        } catch (RuntimeException e) {
            // not HotSpot
        }
        return Runtime.getRuntime().maxMemory();
    }

    static long directUsedBytes() {
        for (BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (p.getName().equals("direct")) return p.getMemoryUsed();
        }
        return 0;
    }

    static void run(Scenario.Options o, long deadline) {
        long capacity = maxDirectBytes() - directUsedBytes();
        double perSecond = o.ratePerSecond(capacity, BYTES);
        Scenario.announceLeak("direct-buffer", o, capacity, perSecond * 60 * BYTES, "bytes");
        Scenario.Pacer pacer = new Scenario.Pacer(perSecond);
        long connection = 0;
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) serveConnection(connection++);
            Scenario.pause(200);
        }
    }
}
