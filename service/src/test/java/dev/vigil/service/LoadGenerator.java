package dev.vigil.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Keeps load on the sample service from a few client threads until stopped or until its request budget is spent
 * (bounded in count and time). Records each request's outcome and whether it was answered after the stop began.
 */
public final class LoadGenerator implements AutoCloseable {
    public static final int MAX_REQUESTS = 2000;

    private final IntSupplier port;
    private final Thread[] clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicInteger outstanding = new AtomicInteger();
    private final Map<Long, ChildJvm.Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> okAfterStop = new ConcurrentHashMap<>();
    private volatile long stopIssuedNanos = Long.MAX_VALUE;

    public LoadGenerator(IntSupplier port, int threads, long workMillis) {
        this.port = port;
        this.clients = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            clients[i] = new Thread(() -> {
                while (running.get()) {
                    long id = nextId.getAndIncrement();
                    if (id > MAX_REQUESTS) return;
                    outstanding.incrementAndGet();
                    ChildJvm.Outcome outcome = ChildJvm.request(port.getAsInt(), id, workMillis);
                    outstanding.decrementAndGet();
                    outcomes.put(id, outcome);
                    if (outcome == ChildJvm.Outcome.OK && System.nanoTime() > stopIssuedNanos) {
                        okAfterStop.put(id, true);
                    }
                    if (outcome == ChildJvm.Outcome.CONNECT_REFUSED) return; // the service is gone
                }
            }, "load-" + i);
            clients[i].setDaemon(true);
        }
    }

    public void start() {
        for (Thread t : clients) t.start();
    }

    public void stopIssued() {
        stopIssuedNanos = System.nanoTime();
    }

    public int outstanding() {
        return outstanding.get();
    }

    public Map<Long, ChildJvm.Outcome> outcomes() {
        return outcomes;
    }

    /** Requests admitted before the stop that were answered 200 after it began: proof of a drain. */
    public int okAfterStop() {
        return okAfterStop.size();
    }

    public long okCount() {
        return outcomes.values().stream().filter(o -> o == ChildJvm.Outcome.OK).count();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : clients) t.join(30_000);
    }
}
