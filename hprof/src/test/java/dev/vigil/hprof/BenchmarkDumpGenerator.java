package dev.vigil.hprof;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a realistic mixed heap of about {@code args[1]} MB (maps of strings, lists, small
 * records, byte and long arrays, a linked-list leak) and dumps it to {@code args[0]}.
 * Run by bench/run-benchmark.sh with -Xmx a bit above the target size.
 */
public final class BenchmarkDumpGenerator {
    record Order(long id, String customer, double amount, List<String> tags) {
    }

    static final Map<String, List<Order>> ORDERS = new HashMap<>();
    static final Map<Long, byte[]> CACHE = new ConcurrentHashMap<>();
    static final LinkedList<long[]> LEAK = new LinkedList<>();

    public static void main(String[] args) throws Exception {
        long targetBytes = Long.parseLong(args[1]) << 20;
        long unit = 0;
        java.util.Random random = new java.util.Random(1);
        while (unit * 512 < targetBytes) {
            String customer = "customer-" + (unit % 50_000);
            List<Order> orders = ORDERS.computeIfAbsent(customer, k -> new ArrayList<>());
            List<String> tags = new ArrayList<>(List.of("tag" + (unit % 17), "region-" + (unit % 5)));
            orders.add(new Order(unit, customer, random.nextDouble() * 100, tags));
            if (unit % 4 == 0) {
                CACHE.put(unit, new byte[64 + random.nextInt(512)]);
            }
            if (unit % 10 == 0) {
                LEAK.add(new long[8 + random.nextInt(32)]);
            }
            unit++;
        }
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(args[0], true);
    }
}
