package dev.vigil.agent.endpoints;

import dev.vigil.agent.AgentLog;
import dev.vigil.agent.heapdump.HeapDumper;
import dev.vigil.agent.server.DebugExchange;
import dev.vigil.agent.server.Endpoint;
import dev.vigil.agent.server.HttpProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /debug/heapdump}: a gzipped HPROF of live objects, streamed. The JVM writes dumps only to files, so the dump
 * goes to an owner-only temporary directory first, is streamed gzipped, and deleted. One at a time: a second request
 * gets 429. Refused with 507 when the disk has less than twice the used heap free.
 */
public final class HeapDumpEndpoint implements Endpoint {
    private final Semaphore oneAtATime = new Semaphore(1);
    private final Supplier<Boolean> enabled;
    private final Supplier<Path> directory;

    public HeapDumpEndpoint(Supplier<Boolean> enabled, Supplier<Path> directory) {
        this.enabled = enabled;
        this.directory = directory;
    }

    @Override
    public void handle(DebugExchange exchange) throws IOException {
        if (!enabled.get()) {
            throw new HttpProblem(403, "heap dumps are disabled here (heapdump.enabled=false)");
        }
        if (!oneAtATime.tryAcquire()) {
            exchange.setHeader("Retry-After", "30");
            throw new HttpProblem(429, "a heap dump is already being written; try again when it is done");
        }
        Path dir = null;
        try {
            Path base = directory.get();
            dir = HeapDumper.createOwnerOnlyDirectory(base, "vigil-dump-");
            try {
                HeapDumper.requireFreeDisk(dir);
            } catch (HeapDumper.NotEnoughDiskException e) {
                throw new HttpProblem(507, e.getMessage());
            }
            Path file = dir.resolve("heap.hprof");
            long started = System.nanoTime();
            try {
                HeapDumper.dumpLive(file);
            } catch (IOException e) { // not the client's I/O: say so rather than close the connection
                throw new HttpProblem(500, "the JVM could not write the heap dump: " + e.getMessage());
            }
            AgentLog.info("heap dump of " + Files.size(file) + " bytes written in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms for /debug/heapdump");
            String name = "heap-" + ProcessHandle.current().pid() + ".hprof.gz";
            try (OutputStream out = new GZIPOutputStream(exchange.startStream("application/octet-stream", name), 1 << 16);
                 InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        } finally {
            try {
                HeapDumper.deleteDirectory(dir);
            } catch (IOException e) {
                AgentLog.warn("could not delete the temporary heap dump in " + dir + ": " + e.getMessage());
            }
            oneAtATime.release();
        }
    }
}
