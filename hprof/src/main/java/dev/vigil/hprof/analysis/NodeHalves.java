package dev.vigil.hprof.analysis;

/**
 * A loop over the nodes {@code [0, n)} in two halves, the second on a helper thread: for passes whose
 * halves write disjoint data (or their own), so that both cores work without more memory.
 */
final class NodeHalves {
    /** The loop body over one half: {@code half} is 0 for {@code [0, n / 2)}, 1 for {@code [n / 2, n)}. */
    interface Loop {
        void run(int from, int to, int half);
    }

    /** Below this many nodes both halves run on the calling thread (tests lower it to cover the helper). */
    static int minNodesForHelper = 1 << 16;

    private NodeHalves() {
    }

    /** Where the second half starts. */
    static int mid(int n) {
        return n >>> 1;
    }

    /** Runs both halves (one on a helper thread when n is large) and returns when both are done. */
    static void run(int n, Loop loop) {
        int mid = mid(n);
        if (n < minNodesForHelper) {
            loop.run(0, mid, 0);
            loop.run(mid, n, 1);
            return;
        }
        RuntimeException[] failure = new RuntimeException[1];
        Thread helper = new Thread(() -> {
            try {
                loop.run(mid, n, 1);
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "vigil-hprof-half");
        helper.setDaemon(true);
        helper.start();
        loop.run(0, mid, 0);
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
