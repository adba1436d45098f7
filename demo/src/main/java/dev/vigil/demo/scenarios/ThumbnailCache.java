package dev.vigil.demo.scenarios;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Healthy: a soft-reference cache. New 16 KB thumbnails arrive at 32/s (0.5 MB/s) and recent ones are read again;
 * values are {@code SoftReference}s that the GC clears when they have not been used for longer than the free heap
 * allows ({@code -XX:SoftRefLRUPolicyMSPerMB}), and a {@code ReferenceQueue} removes their map entries. The heap
 * grows for a few minutes until the GC starts clearing, then holds an equilibrium well below the max.
 */
public final class ThumbnailCache {
    static final int THUMBNAIL_BYTES = 16 * 1024;

    private static final class Entry extends SoftReference<byte[]> {
        final long key;

        Entry(long key, byte[] value, ReferenceQueue<byte[]> queue) {
            super(value, queue);
            this.key = key;
        }
    }

    private final Map<Long, Entry> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<byte[]> cleared = new ReferenceQueue<>();

    byte[] get(long key) {
        expunge();
        Entry e = map.get(key);
        return e == null ? null : e.get();
    }

    void put(long key, byte[] value) {
        expunge();
        map.put(key, new Entry(key, value, cleared));
    }

    int entries() {
        return map.size();
    }

    /** Drops the entries whose thumbnails the GC cleared, so the map itself does not grow. */
    int expunge() {
        int n = 0;
        for (Reference<? extends byte[]> r; (r = cleared.poll()) != null; ) {
            Entry e = (Entry) r;
            map.remove(e.key, e);
            n++;
        }
        return n;
    }

    static void run(Scenario.Options o, long deadline) {
        Scenario.announceHealthy("soft-cache", "thumbnails_per_s=" + 32 * o.speed() + " bytes=" + THUMBNAIL_BYTES);
        ThumbnailCache cache = new ThumbnailCache();
        Random random = new Random(o.seed());
        Scenario.Pacer pacer = new Scenario.Pacer(32 * o.speed());
        long next = 0;
        long hits = 0;
        long misses = 0;
        int ticks = 0;
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) {
                cache.put(next++, new byte[THUMBNAIL_BYTES]);
                // re-read a recent thumbnail: recently used ones stay, cold ones are cleared first
                long key = Math.max(0, next - 1 - random.nextInt(2000));
                if (cache.get(key) != null) hits++; else misses++;
            }
            if (++ticks % 600 == 0) {
                System.out.printf("soft-cache: %d entries, hits %d, misses %d%n", cache.entries(), hits, misses);
            }
            Scenario.pause(100);
        }
    }
}
