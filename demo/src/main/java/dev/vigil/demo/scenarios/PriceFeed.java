package dev.vigil.demo.scenarios;

import java.util.ArrayList;
import java.util.List;

/**
 * Leak: a listener that is never removed. Each dashboard session subscribes a {@link PriceListener} to the static
 * {@code PriceFeed}; closing the session forgets to unsubscribe, so the feed keeps every listener (and its price
 * window) for ever and keeps sending it ticks.
 */
public final class PriceFeed {
    static final PriceFeed INSTANCE = new PriceFeed();
    private final List<PriceListener> listeners = new ArrayList<>();

    synchronized void subscribe(PriceListener l) {
        listeners.add(l);
    }

    synchronized void unsubscribe(PriceListener l) {
        listeners.remove(l);
    }

    synchronized int listenerCount() {
        return listeners.size();
    }

    synchronized void clear() {
        listeners.clear();
    }

    /** One tick to every listener. */
    synchronized void publish(double price) {
        for (PriceListener l : listeners) l.onPrice(price);
    }

    /** A dashboard session: subscribes, shows a few prices, closes without unsubscribing (the bug). */
    static void openAndCloseSession(long sessionId) {
        PriceListener l = new PriceListener(sessionId);
        INSTANCE.subscribe(l);
        l.onPrice(100.0);
        // session closed here: INSTANCE.unsubscribe(l) is missing
    }

    static void run(Scenario.Options o, long deadline) {
        long capacity = Scenario.freeHeapBytes();
        double perSecond = o.ratePerSecond(capacity, PriceListener.RETAINED_BYTES);
        Scenario.announceLeak("listener", o, capacity, perSecond * 60 * PriceListener.RETAINED_BYTES, "bytes");
        Scenario.Pacer pacer = new Scenario.Pacer(perSecond);
        long session = 0;
        int ticks = 0;
        while (Scenario.before(deadline)) {
            for (int n = pacer.due(); n > 0; n--) openAndCloseSession(session++);
            if (++ticks % 10 == 0) INSTANCE.publish(100 + Math.sin(ticks / 50.0)); // one tick a second
            Scenario.pause(100);
        }
    }

    private PriceFeed() {
    }
}
