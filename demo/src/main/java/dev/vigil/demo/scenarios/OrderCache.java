package dev.vigil.demo.scenarios;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Leak: a static map cache. Every order the service looks up is cached "for speed" in a static {@code HashMap} that
 * nothing evicts, so it grows with the number of distinct orders ever seen. The growing classes are
 * {@code OrderCache$Order} and {@code OrderCache$LineItem}, held by {@code OrderCache.ORDERS}.
 */
public final class OrderCache {
    /** Retained bytes per cached order (compressed oops): Order 40, 8 LineItems 256 + array 48, receipt 528,
     *  customer String 56, HashMap.Node 32 + Long key 16, table share ~6. */
    static final int BYTES_PER_ORDER = 982;
    static final Map<Long, Order> ORDERS = new HashMap<>();
    private static long nextId;

    record LineItem(long sku, long priceCents, int quantity) {
    }

    static final class Order {
        final long id;
        final long createdMillis;
        final String customer;
        final LineItem[] lines;
        final byte[] receipt;

        Order(long id, String customer, LineItem[] lines, byte[] receipt) {
            this.id = id;
            this.createdMillis = System.currentTimeMillis();
            this.customer = customer;
            this.lines = lines;
            this.receipt = receipt;
        }
    }

    private OrderCache() {
    }

    /** The bug: a lookup caches what it loaded and nothing ever removes it. */
    static synchronized Order lookup(long id) {
        return ORDERS.computeIfAbsent(id, OrderCache::load);
    }

    static synchronized int size() {
        return ORDERS.size();
    }

    static synchronized void clear() {
        ORDERS.clear();
    }

    private static Order load(long id) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        LineItem[] lines = new LineItem[8];
        for (int i = 0; i < lines.length; i++) lines[i] = new LineItem(r.nextLong(1_000_000), r.nextLong(10_000), 1 + r.nextInt(5));
        byte[] receipt = new byte[512];
        r.nextBytes(receipt);
        return new Order(id, "customer-" + id, lines, receipt);
    }

    /** One request: look an order up and total it (the total is thrown away, like a response). */
    static long handleRequest() {
        Order o = lookup(nextId++);
        long total = 0;
        for (LineItem l : o.lines) total += l.priceCents() * l.quantity();
        return total;
    }

    static void run(Scenario.Options o, long deadline) {
        long capacity = Scenario.freeHeapBytes();
        double perSecond = o.ratePerSecond(capacity, BYTES_PER_ORDER);
        Scenario.announceLeak("static-map", o, capacity, perSecond * 60 * BYTES_PER_ORDER, "bytes");
        Scenario.Pacer pacer = new Scenario.Pacer(perSecond);
        ResponseGarbage responses = new ResponseGarbage(o.churnMegabytesPerSecond());
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) handleRequest();
            responses.sendDue();
            Scenario.pause(100);
        }
    }
}
