package dev.vigil.agent.endpoints;

import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.agent.server.HttpProblem;
import dev.vigil.pprof.PprofWriter;
import dev.vigil.pprof.Profile;
import dev.vigil.pprof.jfr.JfrProfiler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The JFR-backed pprof endpoints: profile, allocs, heap, block, mutex and trace. Each takes {@code ?seconds=N}
 * (bounded by profile.max-duration). At most profile.max-concurrent run at once and at most one of each kind (429
 * otherwise); without JFR they answer 503 with the reason.
 */
public final class ProfileEndpoints {
    static final Duration DEFAULT_PROFILE_DURATION = Duration.ofSeconds(30);
    static final Duration DEFAULT_CONTENTION_DURATION = Duration.ofSeconds(10);

    private final JfrProfiler profiler;
    private final Supplier<Duration> maxDuration;
    private final Semaphore running;
    private final Path tempDirectory;
    private final AtomicBoolean heapWindowBusy = new AtomicBoolean();

    /** A profile that takes its duration. */
    @FunctionalInterface
    private interface TimedProfile {
        Profile take(Duration duration) throws IOException, InterruptedException;
    }

    public ProfileEndpoints(JfrProfiler profiler, Supplier<Duration> maxDuration, int maxConcurrent,
                            Path tempDirectory) {
        this.profiler = profiler;
        this.maxDuration = maxDuration;
        this.running = new Semaphore(maxConcurrent);
        this.tempDirectory = tempDirectory;
    }

    public Endpoint cpu() {
        return new Route("cpu");
    }

    public Endpoint allocations() {
        return new Route("allocs");
    }

    public Endpoint block() {
        return new Route("block");
    }

    public Endpoint mutex() {
        return new Route("mutex");
    }

    /**
     * Live heap. With continuous heap sampling on, every sampled survivor since start, at once. Otherwise JFR samples
     * for {@code ?seconds=N} (default 30) and the answer holds the sampled objects of that window still alive.
     */
    public Endpoint heap() {
        return new Route("heap");
    }

    /** A JFR recording file for JDK Mission Control. */
    public Endpoint trace() {
        return new Route("trace");
    }

    /**
     * One route. A class rather than a lambda per route: the routes are registered in the agent's start-up, before the
     * host's main, and every lambda spun then feeds JDK profiles the host shares (ARCHITECTURE.md); the method
     * references below are spun at the first request instead.
     */
    private final class Route implements Endpoint {
        private final String name;

        Route(String name) {
            this.name = name;
        }

        @Override
        public void handle(DebugExchange exchange) throws IOException {
            requireJfr();
            switch (name) {
                case "cpu" -> timed(exchange, DEFAULT_PROFILE_DURATION, profiler::cpu);
                case "allocs" -> timed(exchange, DEFAULT_PROFILE_DURATION, profiler::allocations);
                case "block" -> timed(exchange, DEFAULT_CONTENTION_DURATION, profiler::block);
                case "mutex" -> timed(exchange, DEFAULT_CONTENTION_DURATION, profiler::mutex);
                case "heap" -> heap(exchange);
                case "trace" -> trace(exchange);
                default -> throw new IllegalStateException("no profile route " + name);
            }
        }

        private void timed(DebugExchange exchange, Duration defaultDuration, TimedProfile profile) throws IOException {
            Duration duration = exchange.seconds(defaultDuration, maxDuration.get());
            withSlot(() -> sendProfile(exchange, name, profile.take(duration)));
        }
    }

    private void heap(DebugExchange exchange) throws IOException {
        if (profiler.isHeapSampling()) {
            withSlot(() -> sendProfile(exchange, "heap", profiler.liveHeap()));
            return;
        }
        Duration window = exchange.seconds(DEFAULT_PROFILE_DURATION, maxDuration.get());
        if (!heapWindowBusy.compareAndSet(false, true)) {
            throw new HttpProblem(429, "a heap profile is already being sampled; try again when it finishes");
        }
        try {
            withSlot(() -> {
                profiler.startHeapSampling();
                try {
                    Thread.sleep(window.toMillis());
                    sendProfile(exchange, "heap", profiler.liveHeap());
                } finally {
                    profiler.stopHeapSampling();
                }
            });
        } finally {
            heapWindowBusy.set(false);
        }
    }

    private void trace(DebugExchange exchange) throws IOException {
        Duration duration = exchange.seconds(Duration.ofSeconds(5), maxDuration.get());
        withSlot(() -> {
            Path file = profiler.trace(duration, tempDirectory);
            try (InputStream in = Files.newInputStream(file);
                 OutputStream out = exchange.startStream("application/octet-stream",
                         "vigil-" + ProcessHandle.current().pid() + ".jfr")) {
                in.transferTo(out);
            } finally {
                Files.deleteIfExists(file);
            }
        });
    }

    /** A body that may wait on JFR. */
    @FunctionalInterface
    private interface SlotWork {
        void run() throws IOException, InterruptedException;
    }

    private void withSlot(SlotWork work) throws IOException {
        if (!running.tryAcquire()) {
            throw new HttpProblem(429, "too many profiles are running (profile.max-concurrent); try again later");
        }
        try {
            work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "the profile was interrupted because Vigil is stopping");
        } catch (IllegalStateException e) { // the profiler's word that this kind of profile is already running
            throw new HttpProblem(429, e.getMessage());
        } finally {
            running.release();
        }
    }

    private void requireJfr() {
        if (!profiler.isAvailable()) {
            throw new HttpProblem(503, "JFR is not available in this JVM, so this profile cannot be taken: "
                    + profiler.unavailableReason());
        }
    }

    static void sendProfile(DebugExchange exchange, String name, Profile profile) throws IOException {
        try (OutputStream out = exchange.startStream("application/octet-stream", name + ".pb.gz")) {
            PprofWriter.write(profile, out);
        }
    }
}
