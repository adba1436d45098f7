package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code vigil demo}: starts the demo service (the seed's never-cleaned map of per-host clients, under healthy load)
 * in a child JVM with the agent inside, says where to look, and reports the live heap after GC as it grows.
 */
@Command(name = "demo",
        description = "Run a small leaking service with the agent inside and watch Vigil find the leak.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by Ctrl+C or --duration", "1:the demo service could not start",
                "2:bad arguments"})
final class DemoCommand implements Callable<Integer> {
    /** Shorter warm-up and histogram spacing than production defaults, so the demo has a verdict in minutes. */
    static final String AGENT_SETTINGS = "leak.warm-up=90s,leak.histogram.interval=20s,heapdump.on-leak=true";
    private static final Pattern DEBUG_URL = Pattern.compile("debug server on (http://\\S+/debug/pprof/)");
    private static final Pattern SERVICE_URL = Pattern.compile("demo service on (http://\\S+/)");

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "stop after this long, e.g. 5m (default: run until Ctrl+C)")
    Duration duration;

    @Option(names = "--leak-bytes-per-second", defaultValue = "262144",
            description = "how fast the demo leaks (default ${DEFAULT-VALUE})")
    long leakBytesPerSecond;

    @Option(names = "--report-every", defaultValue = "10s", converter = DurationConverter.class,
            description = "progress interval (default ${DEFAULT-VALUE})")
    Duration reportEvery;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        Duration limit = duration;
        Duration every = reportEvery;
        Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Xmn12m", "-XX:+UseG1GC",
                "-javaagent:" + jar + "=port=0," + AGENT_SETTINGS, "-cp", jar.toString(), "dev.vigil.demo.DemoService", "0",
                Long.toString(leakBytesPerSecond)));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread stopper = new Thread(() -> stop(child), "vigil-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        CompletableFuture<String> debugUrl = new CompletableFuture<>();
        CompletableFuture<String> serviceUrl = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpOutput(child, debugUrl, serviceUrl), "vigil-demo-output");
        pump.setDaemon(true);
        pump.start();
        String debug;
        String service;
        try {
            debug = debugUrl.get(60, TimeUnit.SECONDS);
            service = serviceUrl.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("vigil demo: the demo service did not start (see its output above)");
            stop(child);
            return 1;
        }
        String base = debug.substring(0, debug.indexOf("/debug/pprof/"));
        System.out.println();
        System.out.println("The demo service leaks a HostClient per new host into a static map, under healthy load.");
        System.out.println("  service      " + service);
        System.out.println("  profiles     " + debug);
        System.out.println("  vars         " + base + "/debug/vars");
        System.out.println("  metrics      " + base + "/metrics");
        System.out.println("  heap profile go tool pprof -top " + base + "/debug/pprof/heap?seconds=30");
        System.out.println("  heap dump    curl -o heap.hprof.gz " + base + "/debug/heapdump");
        System.out.println("Ctrl+C stops the demo.");
        System.out.println();

        long started = System.nanoTime();
        String lastReported = "";
        while (child.isAlive()) {
            if (limit != null && System.nanoTime() - started >= limit.toNanos()) break;
            Thread.sleep(every.toMillis());
            JsonNode leaks = fetchJson(base + "/debug/leaks");
            JsonNode vars = fetchJson(base + "/debug/vars");
            if (leaks == null || vars == null) continue;
            double minutes = (System.nanoTime() - started) / 60e9;
            String status = leaks.path("status").asText();
            JsonNode heap = finding(leaks, "heap");
            String why = heap != null ? heap.at("/evidence/reason").asText() : heapReason(leaks);
            System.out.printf("[%4.1f min] live heap after GC %6.1f MB of %.0f MB; leak status %s: %s%n", minutes,
                    liveSetBytes(vars) / 1e6, vars.at("/memstats/heap/max_bytes").asDouble() / 1e6, status, why);
            String key = reportKey(leaks);
            if (!key.equals(lastReported)) {
                lastReported = key;
                String text = fetchText(base + "/debug/leaks?format=text");
                if (text != null && !status.equals("ok")) {
                    System.out.println();
                    text.lines().forEach(line -> System.out.println("    " + line));
                    System.out.println("    (the same as JSON: " + base + "/debug/leaks, as a page: " + base
                            + "/debug/leaks?format=html)");
                    System.out.println();
                }
            }
        }
        stop(child);
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        return 0;
    }

    private static JsonNode finding(JsonNode leaks, String resource) {
        for (JsonNode f : leaks.path("findings")) {
            if (f.path("resource").asText().equals(resource)) return f;
        }
        return null;
    }

    private static String heapReason(JsonNode leaks) {
        for (JsonNode ok : leaks.path("ok")) {
            if (ok.path("resource").asText().equals("heap")) return ok.path("reason").asText();
        }
        return "no verdict yet";
    }

    /** Changes when the verdict or what is known about its suspects changes: then the full report is printed. */
    static String reportKey(JsonNode leaks) {
        StringBuilder key = new StringBuilder(leaks.path("status").asText());
        for (JsonNode f : leaks.path("findings")) {
            key.append('|').append(f.path("resource").asText()).append(':').append(f.path("status").asText());
            for (JsonNode s : f.path("suspects")) {
                key.append(',').append(s.path("class").asText())
                        .append(s.path("path_to_gc_root").size() > 0 ? "+path" : "")
                        .append(s.path("allocation_stack").size() > 0 ? "+stack" : "");
            }
        }
        return key.toString();
    }

    /** After-GC usage of the old generation (G1 Old Gen and friends), the live-set baseline. */
    static double liveSetBytes(JsonNode vars) {
        JsonNode pools = vars.at("/memstats/pools");
        double total = -1;
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) pools::fields) {
            String name = entry.getKey();
            JsonNode after = entry.getValue().get("after_gc_used_bytes");
            if (after != null && (name.contains("Old") || name.contains("Tenured"))) {
                total = Math.max(total, 0) + after.asDouble();
            }
        }
        return total;
    }

    private JsonNode fetchJson(String url) {
        String body = fetchText(url);
        try {
            return body == null ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private String fetchText(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void pumpOutput(Process child, CompletableFuture<String> debugUrl,
                                   CompletableFuture<String> serviceUrl) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("  demo | " + line);
                Matcher d = DEBUG_URL.matcher(line);
                if (d.find()) debugUrl.complete(d.group(1));
                Matcher s = SERVICE_URL.matcher(line);
                if (s.find()) serviceUrl.complete(s.group(1));
            }
        } catch (IOException ignored) {
            // the child is gone
        }
        debugUrl.completeExceptionally(new IllegalStateException("demo output ended"));
        serviceUrl.completeExceptionally(new IllegalStateException("demo output ended"));
    }

    private static void stop(Process child) {
        if (!child.isAlive()) return;
        child.destroy();
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) child.destroyForcibly();
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }
}
