package dev.vigil.demo.scenarios;

/**
 * Short-lived response pages (32 KB each, garbage as soon as they are made) at the scenario's {@code churn} rate, as a
 * service sends responses beside whatever it keeps. More garbage means more young collections, so a heap trend gets
 * its post-GC points at a rate set by the scenario rather than by how much the agent inside happens to allocate.
 */
final class ResponseGarbage {
    private static final int PAGE_BYTES = 32 * 1024;
    static volatile long sink;
    private final Scenario.Pacer pages;

    ResponseGarbage(double megabytesPerSecond) {
        this.pages = new Scenario.Pacer(megabytesPerSecond * 1024 * 1024 / PAGE_BYTES);
    }

    /** Makes the pages due since the last call. */
    void sendDue() {
        for (int n = pages.due(); n > 0; n--) sink += render(n);
    }

    private static int render(long n) {
        byte[] page = new byte[PAGE_BYTES];
        page[(int) (n & (PAGE_BYTES - 1))] = 1;
        return page.length;
    }
}
