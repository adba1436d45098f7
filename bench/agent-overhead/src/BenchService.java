import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service under test for the agent-overhead benchmark: a small, allocation-heavy "catalog" API on the JDK's
 * own HTTP server. Each request parses its query, looks the user up in a small LRU cache (a miss builds the
 * profile with some String work), builds a few hundred item objects, filters, sorts and aggregates them and writes
 * a JSON document of roughly 15-30 KB by hand.
 *
 * Usage: java BenchService [port=0] [workerThreads=4] [maxSeconds=3600]
 * Prints "READY <port>" on stdout once it serves. It exits by itself after maxSeconds (a safety bound).
 * Besides the API: /health (a trivial answer), /health-close (the same, ending its connection) and /metrics-copy,
 * which serves the body and content type last PUT to it: the agent's /metrics answer served by the host, a peer
 * that costs a scraper the same parsing and storing.
 */
public final class BenchService {
    private static final String[] TAGS = {"garden", "kitchen", "outdoor", "sale", "new", "eco", "premium", "kids",
            "office", "travel", "audio", "storage", "lighting", "sport", "winter", "summer"};
    private static final String[] WORDS = {"alpha", "bravo", "cedar", "delta", "ember", "fjord", "gamma", "harbor",
            "iris", "juniper", "kestrel", "lumen", "maple", "nova", "orbit", "pixel", "quartz", "raven", "sierra",
            "tango"};
    private static final int CACHE_ENTRIES = 2000;

    record Profile(long id, String name, String locale, List<String> favourites, double discount) {
    }

    record CopiedBody(String contentType, byte[] bytes) {
    }

    record Item(long id, String name, String category, List<String> tags, double price, int stock) {
    }

    /** Access-ordered LinkedHashMap as an LRU; a lock because the server runs several workers. */
    private static final Map<Long, Profile> CACHE = new LinkedHashMap<>(CACHE_ENTRIES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Profile> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };
    private static long hits, misses;

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 3600;

        Thread reaper = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
            } catch (InterruptedException ignored) {
            }
            System.err.println("BenchService: maxSeconds reached, exiting");
            System.exit(0);
        }, "bench-reaper");
        reaper.setDaemon(true);
        reaper.start();

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-worker");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/api/catalog", BenchService::catalog);
        byte[] ok = "ok\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/health", ex -> send(ex, 200, "text/plain", ok));
        // the same, ending the connection as the agent's debug server does: a peer asked the way the agent is
        server.createContext("/health-close", ex -> {
            ex.getResponseHeaders().set("Connection", "close");
            send(ex, 200, "text/plain", ok);
        });
        AtomicReference<CopiedBody> copy = new AtomicReference<>();
        server.createContext("/metrics-copy", ex -> {
            if (ex.getRequestMethod().equals("PUT")) {
                copy.set(new CopiedBody(ex.getRequestHeaders().getFirst("Content-Type"),
                        ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(204, -1);
                ex.close();
                return;
            }
            CopiedBody body = copy.get();
            if (body == null) send(ex, 404, "text/plain", "nothing PUT here yet\n".getBytes(StandardCharsets.UTF_8));
            else send(ex, 200, body.contentType(), body.bytes());
        });
        server.start();
        System.out.println("READY " + server.getAddress().getPort());
        System.out.flush();
        Thread.currentThread().join(); // the reaper or a signal ends us
    }

    private static void catalog(HttpExchange ex) throws IOException {
        try {
            Map<String, String> q = parseQuery(ex.getRequestURI().getRawQuery());
            long user = Long.parseLong(q.getOrDefault("user", "1"));
            int count = Math.min(1000, Math.max(1, Integer.parseInt(q.getOrDefault("count", "200"))));
            String sort = q.getOrDefault("sort", "price");
            String needle = q.getOrDefault("q", "").toLowerCase(Locale.ROOT);

            Profile profile = profile(user);
            List<Item> items = new ArrayList<>(count);
            long base = (user * 7919L) % 100_000;
            for (int i = 0; i < count; i++) items.add(item(base + i));

            List<Item> matching = new ArrayList<>();
            for (Item it : items) {
                boolean fav = false;
                for (String t : it.tags()) if (profile.favourites().contains(t)) fav = true;
                if (fav || needle.isEmpty() || it.name().toLowerCase(Locale.ROOT).contains(needle)) matching.add(it);
            }
            Comparator<Item> order = switch (sort) {
                case "name" -> Comparator.comparing(Item::name);
                case "stock" -> Comparator.comparingInt(Item::stock).reversed().thenComparing(Item::name);
                default -> Comparator.comparingDouble(Item::price).thenComparingLong(Item::id);
            };
            matching.sort(order);

            Map<String, Integer> byTag = new TreeMap<>();
            Map<String, double[]> byCategory = new HashMap<>();
            double total = 0;
            for (Item it : matching) {
                for (String t : it.tags()) byTag.merge(t, 1, Integer::sum);
                double[] agg = byCategory.computeIfAbsent(it.category(), c -> new double[2]);
                agg[0]++;
                agg[1] += it.price();
                total += it.price();
            }

            StringBuilder json = new StringBuilder(matching.size() * 160 + 512);
            json.append("{\"user\":{\"id\":").append(profile.id()).append(",\"name\":");
            quote(json, profile.name());
            json.append(",\"locale\":");
            quote(json, profile.locale());
            json.append("},\"count\":").append(matching.size());
            json.append(",\"total\":").append(String.format(Locale.ROOT, "%.2f", total));
            json.append(",\"tags\":{");
            boolean first = true;
            for (Map.Entry<String, Integer> e : byTag.entrySet()) {
                if (!first) json.append(',');
                first = false;
                quote(json, e.getKey());
                json.append(':').append(e.getValue());
            }
            json.append("},\"categories\":{");
            first = true;
            for (Map.Entry<String, double[]> e : byCategory.entrySet()) {
                if (!first) json.append(',');
                first = false;
                quote(json, e.getKey());
                json.append(":{\"n\":").append((int) e.getValue()[0]).append(",\"avg\":")
                        .append(Math.round(e.getValue()[1] / e.getValue()[0] * 100) / 100.0).append('}');
            }
            json.append("},\"items\":[");
            first = true;
            for (Item it : matching) {
                if (!first) json.append(',');
                first = false;
                double price = Math.round(it.price() * (1 - profile.discount()) * 100) / 100.0;
                json.append("{\"id\":").append(it.id()).append(",\"name\":");
                quote(json, it.name());
                json.append(",\"category\":");
                quote(json, it.category());
                json.append(",\"price\":").append(price).append(",\"stock\":").append(it.stock())
                        .append(",\"tags\":[");
                for (int k = 0; k < it.tags().size(); k++) {
                    if (k > 0) json.append(',');
                    quote(json, it.tags().get(k));
                }
                json.append("]}");
            }
            json.append("]}");
            send(ex, 200, "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            send(ex, 400, "text/plain", (e + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Profile profile(long user) {
        synchronized (CACHE) {
            Profile p = CACHE.get(user);
            if (p != null) {
                hits++;
                return p;
            }
            misses++;
        }
        // A miss "loads" the profile: some String work standing in for a database row.
        String name = WORDS[(int) (user % WORDS.length)].toUpperCase(Locale.ROOT).charAt(0)
                + WORDS[(int) (user % WORDS.length)].substring(1) + " " + String.format("%05d", user);
        List<String> favs = new ArrayList<>();
        for (int i = 0; i < 3; i++) favs.add(TAGS[(int) ((user * 31 + i * 7) % TAGS.length)]);
        String locale = String.join("_", List.of(user % 2 == 0 ? "en" : "de", user % 3 == 0 ? "GB" : "US"));
        Profile p = new Profile(user, name, locale, List.copyOf(favs), (user % 5) * 0.05);
        synchronized (CACHE) {
            CACHE.put(user, p);
        }
        return p;
    }

    private static Item item(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        String name = WORDS[(int) Long.remainderUnsigned(h, WORDS.length)] + "-"
                + WORDS[(int) Long.remainderUnsigned(h >>> 16, WORDS.length)] + " " + Long.toString(id, 36);
        List<String> tags = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) tags.add(TAGS[(int) Long.remainderUnsigned(h >>> (8 * i + 3), TAGS.length)]);
        double price = 1 + Long.remainderUnsigned(h >>> 20, 50_000) / 100.0;
        return new Item(id, name, tags.get(0).concat("/").concat(tags.get(1)), tags, price,
                (int) Long.remainderUnsigned(h >>> 40, 500));
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            m.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        ex.close();
    }
}
