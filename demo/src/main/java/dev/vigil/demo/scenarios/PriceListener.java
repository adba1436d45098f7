package dev.vigil.demo.scenarios;

/** A dashboard session's subscription to {@link PriceFeed}: keeps a window of the last 256 prices for its chart. */
public final class PriceListener {
    /** Retained bytes per listener: the object 32, its double[256] 2,064, its ArrayList slot and slack ~8. */
    static final int RETAINED_BYTES = 2104;
    final long sessionId;
    private final double[] window = new double[256];
    private int next;

    PriceListener(long sessionId) {
        this.sessionId = sessionId;
    }

    void onPrice(double price) {
        window[next] = price;
        next = (next + 1) % window.length;
    }
}
