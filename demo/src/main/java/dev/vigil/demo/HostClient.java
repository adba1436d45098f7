package dev.vigil.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for a per-host HTTP client: a connection pool with buffers and a little bookkeeping, the kind of object
 * a service creates per upstream host and means to reuse.
 */
public final class HostClient {
    private final String host;
    private final List<byte[]> connectionBuffers = new ArrayList<>();
    private long requests;

    HostClient(String host, int bufferBytes) {
        this.host = host;
        for (int i = 0; i < 4; i++) connectionBuffers.add(new byte[bufferBytes / 4]);
    }

    /** Pretends to call the host; returns a response size. */
    int call(String path) {
        requests++;
        byte[] buffer = connectionBuffers.get((int) (requests % connectionBuffers.size()));
        buffer[(int) (requests % buffer.length)] = (byte) path.length();
        return host.length() + path.length() + buffer.length;
    }
}
