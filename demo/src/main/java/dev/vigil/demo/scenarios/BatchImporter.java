package dev.vigil.demo.scenarios;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Healthy: bursty sawtooth. Every 20-60 s (at speed 1) an import job loads a batch of 30-150 MB of records over a
 * few seconds, processes it for 5-20 s and drops it. The live set jumps up and down by more than 100 MB with no
 * trend; between batches the service is idle.
 */
public final class BatchImporter {
    static final int RECORD_BYTES = 4096;

    record ImportRecord(long id, String source, byte[] payload) {
    }

    static volatile long sink;

    /** Loads a batch of about {@code bytes}, spreading the work over {@code loadMillis}. */
    static List<ImportRecord> load(long bytes, long loadMillis, long deadline) {
        int count = (int) (bytes / (RECORD_BYTES + 64));
        List<ImportRecord> batch = new ArrayList<>(count);
        int steps = 20;
        for (int s = 0; s < steps && Scenario.before(deadline); s++) {
            for (int i = s * count / steps; i < (s + 1) * count / steps; i++) {
                batch.add(new ImportRecord(i, "feed-" + (i % 50), new byte[RECORD_BYTES]));
            }
            Scenario.pause(loadMillis / steps);
        }
        return batch;
    }

    static void run(Scenario.Options o, long deadline) {
        Scenario.announceHealthy("sawtooth", "batch_mb=30..150 every_s=20..60");
        Random random = new Random(o.seed());
        while (Scenario.before(deadline)) {
            long bytes = (30 + random.nextInt(121)) * (1L << 20);
            List<ImportRecord> batch = load(bytes, 3000, deadline);
            long checksum = 0;
            for (ImportRecord r : batch) checksum += r.payload()[0] + r.id();
            sink = checksum;
            Scenario.pause((long) ((5_000 + random.nextInt(15_001)) / o.speed()), deadline);
            batch = null;
            Scenario.pause((long) ((15_000 + random.nextInt(40_001)) / o.speed()), deadline);
        }
    }

    private BatchImporter() {
    }
}
