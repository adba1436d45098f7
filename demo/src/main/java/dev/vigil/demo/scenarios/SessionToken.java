package dev.vigil.demo.scenarios;

import java.util.concurrent.ThreadLocalRandom;

/** A login session's token: an id, its user, a 96-byte secret and an expiry time. */
public final class SessionToken {
    /** Retained bytes per token in {@link SessionStore}: the object 40, id String 64, secret 112, map node 32, table ~8
     *  (the user name comes from a shared pool). */
    static final int RETAINED_BYTES = 256;
    final String id;
    final String user;
    final byte[] secret = new byte[96];
    final long createdMillis;
    final long expiresAtMillis;

    SessionToken(String id, String user, long createdMillis, long expiresAtMillis) {
        this.id = id;
        this.user = user;
        this.createdMillis = createdMillis;
        this.expiresAtMillis = expiresAtMillis;
        ThreadLocalRandom.current().nextBytes(secret);
    }
}
