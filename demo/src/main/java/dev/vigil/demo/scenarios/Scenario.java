package dev.vigil.demo.scenarios;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one leak-detection scenario: a small program that either leaks one resource at a known rate or behaves like
 * a healthy service whose memory moves but does not grow. Used by {@code bench/leak-scenarios/run.sh} and by
 * {@code LeakScenariosIT}, always in a JVM of its own with the agent inside.
 *
 * <pre>
 * java -Xmx256m -javaagent:vigil.jar=port=0 -cp vigil.jar dev.vigil.demo.scenarios.Scenario static-map duration=40m
 * </pre>
 *
 * Options ({@code key=value} after the name): {@code duration} (how long to run, default 45m; the JVM then exits by
 * itself), {@code exhaustion} (leaks: the time-to-exhaustion the leak rate is derived from, default 60m, 80m for
 * {@code slow-churn}), {@code speed} (healthy ones: divides their time constants, default 1), {@code churn}
 * ({@code bounded-cache} and {@code static-map}: MB/s of short-lived response garbage, default 0; more garbage means
 * more collections, so the heap trend gets its post-GC points sooner), {@code keys} ({@code bounded-cache} only:
 * distinct product ids looked up, default 100,000; at or below the cache's capacity the catalog is loaded whole at
 * start-up and nothing is ever evicted), {@code seed}.
 *
 * <p>The first line on stdout describes the scenario for the harness, e.g.
 * {@code SCENARIO name=static-map kind=leak resource=heap suspect=OrderCache exhaustion_minutes=60.0
 * rate=3.97MiB/min capacity=238.1MiB}: a leak's rate is the capacity it may fill (the free heap, direct memory,
 * metaspace or thread budget measured at start) divided by {@code exhaustion}, so the time-to-exhaustion is known
 * by construction.
 */
public final class Scenario {
    /** What the harness expects of each scenario. resource: the /debug/leaks resource ids that count as right. */
    public record Spec(String name, boolean leak, List<String> resources, String suspect, String summary) {
    }

    public static final List<Spec> SPECS = List.of(
            new Spec("static-map", true, List.of("heap"), "OrderCache",
                    "orders cached in a static HashMap that nothing ever evicts"),
            new Spec("listener", true, List.of("heap"), "PriceListener",
                    "a PriceListener per dashboard session added to a static PriceFeed and never removed"),
            new Spec("thread", true, List.of("threads"), "ReportWorker",
                    "a ReportWorker thread per report request that waits forever for work"),
            new Spec("classloader", true, List.of("classes", "metaspace"), "Plugin",
                    "each plugin reload defines ReportPlugin in a fresh PluginClassLoader; old instances stay registered"),
            new Spec("direct-buffer", true, List.of("direct"), "FrameBuffer",
                    "a 64 KiB direct FrameBuffer per connection, kept in a static list after the connection closes"),
            new Spec("slow-churn", true, List.of("heap"), "SessionToken",
                    "SessionTokens that never expire (ms compared with s), buried under ~200 MB/s of request garbage"),
            new Spec("bounded-cache", false, List.of(), null,
                    "a 20,000-entry LRU ProductCatalog that fills for ~6 min and then plateaus"),
            new Spec("sawtooth", false, List.of(), null,
                    "a BatchImporter that loads 30-150 MB batches at random intervals and drops them"),
            new Spec("elastic-pool", false, List.of(), null,
                    "an ImageResizePool ThreadPoolExecutor that grows to ~40 threads in bursts and shrinks back to 2"),
            new Spec("soft-cache", false, List.of(), null,
                    "a ThumbnailCache of SoftReferences that fills until the GC clears the coldest entries"));

    private Scenario() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || spec(args[0]) == null) {
            System.err.println("usage: Scenario <name> [duration=45m] [exhaustion=60m] [speed=1] [churn=0] [keys=100000] [seed=42]");
            for (Spec s : SPECS) System.err.printf("  %-14s %-7s %s%n", s.name(), s.leak() ? "leak" : "healthy", s.summary());
            System.exit(2);
        }
        Options o = Options.parse(args);
        long deadline = System.nanoTime() + o.duration().toNanos();
        run(args[0], o, deadline);
        System.out.println("SCENARIO-END " + args[0]);
        System.exit(0);
    }

    static void run(String name, Options o, long deadlineNanos) throws Exception {
        switch (name) {
            case "static-map" -> OrderCache.run(o, deadlineNanos);
            case "listener" -> PriceFeed.run(o, deadlineNanos);
            case "thread" -> ReportWorker.run(o, deadlineNanos);
            case "classloader" -> PluginHost.run(o, deadlineNanos);
            case "direct-buffer" -> FrameBuffer.run(o, deadlineNanos);
            case "slow-churn" -> SessionStore.run(o, deadlineNanos);
            case "bounded-cache" -> ProductCatalog.run(o, deadlineNanos);
            case "sawtooth" -> BatchImporter.run(o, deadlineNanos);
            case "elastic-pool" -> ImageResizePool.run(o, deadlineNanos);
            case "soft-cache" -> ThumbnailCache.run(o, deadlineNanos);
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    public static Spec spec(String name) {
        for (Spec s : SPECS) if (s.name().equals(name)) return s;
        return null;
    }

    /** Parsed {@code key=value} options. */
    public record Options(Duration duration, Duration exhaustion, double speed, long seed, double churnMegabytesPerSecond,
                          int keys) {
        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("expected key=value, got " + args[i]);
                m.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
            for (String k : m.keySet()) {
                if (!List.of("duration", "exhaustion", "speed", "seed", "churn", "keys").contains(k)) {
                    throw new IllegalArgumentException("unknown option " + k);
                }
            }
            String name = args[0];
            Duration defaultExhaustion = Duration.ofMinutes(name.equals("slow-churn") ? 80 : 60);
            Options o = new Options(duration(m.getOrDefault("duration", "45m")),
                    m.containsKey("exhaustion") ? duration(m.get("exhaustion")) : defaultExhaustion,
                    Double.parseDouble(m.getOrDefault("speed", "1")), Long.parseLong(m.getOrDefault("seed", "42")),
                    Double.parseDouble(m.getOrDefault("churn", "0")),
                    Integer.parseInt(m.getOrDefault("keys", String.valueOf(ProductCatalog.PRODUCT_IDS))));
            if (o.speed <= 0 || o.churnMegabytesPerSecond < 0 || o.exhaustion.isZero() || o.exhaustion.isNegative()) {
                throw new IllegalArgumentException("speed and exhaustion must be positive");
            }
            if (o.keys < 1) throw new IllegalArgumentException("keys must be positive");
            return o;
        }

        /** {@code 90s}, {@code 45m}, {@code 2h}. */
        static Duration duration(String text) {
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("duration like 90s, 45m, 2h: " + text);
            };
        }

        double exhaustionMinutes() {
            return exhaustion.toMillis() / 60_000.0;
        }

        /** Units per second that fill {@code capacity} (in the same unit as {@code perUnit}) in {@link #exhaustion}. */
        double ratePerSecond(double capacity, double perUnit) {
            return capacity / perUnit / (exhaustion.toMillis() / 1000.0);
        }
    }

    /** Prints the harness line for a leak. */
    static void announceLeak(String name, Options o, double capacity, double ratePerMinute, String unit) {
        Spec s = spec(name);
        System.out.println(String.format(Locale.ROOT,
                "SCENARIO name=%s kind=leak resource=%s suspect=%s exhaustion_minutes=%.1f rate=%s/min capacity=%s",
                name, String.join("|", s.resources()), s.suspect(), o.exhaustionMinutes(), amount(ratePerMinute, unit),
                amount(capacity, unit)));
        System.out.flush();
    }

    /** Prints the harness line for a healthy scenario. */
    static void announceHealthy(String name, String shape) {
        System.out.println("SCENARIO name=" + name + " kind=healthy resource=none suspect=none exhaustion_minutes=none "
                + shape);
        System.out.flush();
    }

    private static String amount(double v, String unit) {
        if (unit.equals("bytes")) return String.format(Locale.ROOT, "%.2fMiB", v / (1 << 20));
        return String.format(Locale.ROOT, "%.1f%s", v, unit.isEmpty() ? "" : unit);
    }

    /** Free heap after a full GC: what a heap leak can fill before the JVM runs out. */
    static long freeHeapBytes() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    static MemoryPoolMXBean pool(String name) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getName().equals(name)) return p;
        return null;
    }

    static boolean before(long deadlineNanos) {
        return System.nanoTime() - deadlineNanos < 0;
    }

    /** Sleeps, giving up quietly when interrupted (the scenario then ends at its next deadline check). */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps {@code millis}, or until the deadline if that comes first. */
    static void pause(long millis, long deadlineNanos) {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left > 0) pause(Math.min(millis, left));
    }

    /** Spreads a fractional rate over ticks: {@link #due()} says how many units to do now. */
    static final class Pacer {
        private final double perSecond;
        private long last = System.nanoTime();
        private double owed;

        Pacer(double perSecond) {
            this.perSecond = perSecond;
        }

        int due() {
            long now = System.nanoTime();
            owed += (now - last) / 1e9 * perSecond;
            last = now;
            int n = (int) owed;
            owed -= n;
            return n;
        }
    }
}
