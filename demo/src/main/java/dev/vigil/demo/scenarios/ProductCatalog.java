package dev.vigil.demo.scenarios;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Healthy: a bounded LRU cache. Product lookups come from 100,000 product ids; misses load the product (with a
 * 2 KB thumbnail) into a 20,000-entry access-ordered {@code LinkedHashMap} that evicts its eldest entry. The heap
 * grows while the cache warms up (about 6 minutes at speed 1: ~45 MB) and then stays flat while entries churn.
 * With {@code keys} at or below the capacity, every product is loaded at start-up and nothing is evicted.
 */
public final class ProductCatalog {
    static final int CAPACITY = 20_000;
    static final int PRODUCT_IDS = 100_000;
    static final double LOOKUPS_PER_SECOND = 60;

    record Product(String id, String name, long priceCents, byte[] thumbnail) {
    }

    private final Map<String, Product> cache = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Product> eldest) {
            return size() > CAPACITY;
        }
    };
    private long misses;

    Product get(String id) {
        Product p = cache.get(id);
        if (p == null) {
            misses++;
            p = new Product(id, "product " + id, id.hashCode() & 0xffff, new byte[2048]);
            cache.put(id, p);
        }
        return p;
    }

    int size() {
        return cache.size();
    }

    long misses() {
        return misses;
    }

    /** Loads products {@code p0} to {@code p<keys - 1>}: a catalog warmed at start-up. */
    void loadAll(int keys) {
        for (int i = 0; i < keys; i++) get("p" + i);
    }

    static void run(Scenario.Options o, long deadline) {
        Scenario.announceHealthy("bounded-cache", "capacity=" + CAPACITY + " keys=" + o.keys() + " lookups_per_s="
                + LOOKUPS_PER_SECOND * o.speed() + " churn_mb_per_s=" + o.churnMegabytesPerSecond());
        ProductCatalog catalog = new ProductCatalog();
        // every key fits: load them all now, as a service that warms its cache before taking traffic
        if (o.keys() <= CAPACITY) catalog.loadAll(o.keys());
        Random random = new Random(o.seed());
        Scenario.Pacer pacer = new Scenario.Pacer(LOOKUPS_PER_SECOND * o.speed());
        ResponseGarbage responses = new ResponseGarbage(o.churnMegabytesPerSecond());
        boolean full = false;
        long start = System.nanoTime();
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) catalog.get("p" + random.nextInt(o.keys()));
            responses.sendDue();
            if (!full && catalog.size() >= CAPACITY) {
                full = true;
                System.out.printf("bounded-cache: full after %.0f s%n", (System.nanoTime() - start) / 1e9);
            }
            Scenario.pause(100);
        }
    }
}
