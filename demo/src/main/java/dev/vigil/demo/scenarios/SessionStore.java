package dev.vigil.demo.scenarios;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Leak, slow and buried: a busy API (~200 MB/s of short-lived request garbage, plus a 16 MB window of in-flight
 * responses that keeps promoting objects to the old generation) whose {@link SessionToken}s never expire: the TTL is
 * configured in seconds and converted to milliseconds twice, so the sweeper never finds an expired token. The leak is
 * a few MiB a minute, under one part in a thousand of the allocation rate.
 */
public final class SessionStore {
    static final long TTL_SECONDS = 1800;
    static final int CHURN_BYTES_PER_SECOND = 200 << 20;
    static final int CHUNK = 32 * 1024;
    static final int IN_FLIGHT_SLOTS = 512;
    static final Map<String, SessionToken> SESSIONS = new ConcurrentHashMap<>();
    private static final String[] USERS = new String[5000];
    private static final byte[][] IN_FLIGHT = new byte[IN_FLIGHT_SLOTS][];
    private static int inFlightNext;
    private static long sessionCounter;
    static volatile long sink;

    static {
        for (int i = 0; i < USERS.length; i++) USERS[i] = "user-" + i;
    }

    private SessionStore() {
    }

    static SessionToken login() {
        long now = System.currentTimeMillis();
        String id = String.format("sess-%016x", ++sessionCounter ^ 0x5deece66dL);
        // the bug: TTL_SECONDS * 1000 is already milliseconds; * 1000 again puts expiry 500 hours away
        SessionToken t = new SessionToken(id, USERS[(int) (sessionCounter % USERS.length)], now,
                now + TTL_SECONDS * 1000 * 1000);
        SESSIONS.put(id, t);
        return t;
    }

    static int sweep(long nowMillis) {
        int removed = 0;
        for (var it = SESSIONS.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis < nowMillis) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** One unit of request work: parse a 32 KB body (garbage at once); every 16th response stays in flight. */
    static void request(long n) {
        byte[] body = new byte[CHUNK];
        body[(int) (n % CHUNK)] = (byte) n;
        long checksum = 0;
        for (int i = 0; i < CHUNK; i += 512) checksum += body[i];
        StringBuilder json = new StringBuilder(64).append("{\"n\":").append(n).append(",\"sum\":").append(checksum).append('}');
        sink += json.length();
        if (n % 16 == 0) { // in-flight responses: 512 x 32 KB = 16 MB that live a few seconds
            IN_FLIGHT[inFlightNext] = body;
            inFlightNext = (inFlightNext + 1) % IN_FLIGHT_SLOTS;
        }
    }

    static void run(Scenario.Options o, long deadline) {
        long capacity = Scenario.freeHeapBytes() - (long) IN_FLIGHT_SLOTS * (CHUNK + 16);
        double perSecond = o.ratePerSecond(capacity, SessionToken.RETAINED_BYTES);
        Scenario.announceLeak("slow-churn", o, capacity, perSecond * 60 * SessionToken.RETAINED_BYTES, "bytes");
        System.out.printf("slow-churn: %.0f logins/s, churn %d MiB/s%n", perSecond, CHURN_BYTES_PER_SECOND >> 20);
        Scenario.Pacer logins = new Scenario.Pacer(perSecond);
        Scenario.Pacer requests = new Scenario.Pacer(CHURN_BYTES_PER_SECOND / (double) CHUNK);
        long n = 0;
        long lastSweep = System.currentTimeMillis();
        while (Scenario.before(deadline)) {
            for (int k = logins.due(); k > 0; k--) login();
            for (int k = requests.due(); k > 0; k--) request(n++);
            long now = System.currentTimeMillis();
            if (now - lastSweep > 10_000) {
                sweep(now);
                lastSweep = now;
            }
            Scenario.pause(20 + ThreadLocalRandom.current().nextInt(5));
        }
    }
}
