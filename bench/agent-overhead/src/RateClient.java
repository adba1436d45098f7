import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Open-loop, fixed-rate HTTP GET client on java.net.http (one connection, HTTP/1.1). Sends {@code warmup} requests
 * first (not counted), then one request every 1/rate s for {@code seconds}; latency is measured from sending to
 * having read the whole body. A request whose slot has passed is sent at once (and counted as "late").
 *
 * Usage: java RateClient LABEL URL RATE_PER_S SECONDS [WARMUP=10] [QUIET=0]
 * Prints one line: LABEL n=.. errors=.. late=.. bytes=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..
 */
public final class RateClient {
    public static void main(String[] args) throws Exception {
        String label = args[0];
        URI uri = URI.create(args[1]);
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        boolean quiet = args.length > 5 && args[5].equals("1");

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        for (int i = 0; i < warmup; i++) {
            try {
                client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception ignored) {
            }
        }
        int n = (int) Math.round(rate * seconds);
        long periodNanos = (long) (1e9 / rate);
        long[] lat = new long[n];
        int done = 0, errors = 0, late = 0;
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long slot = start + i * periodNanos;
            long now = System.nanoTime();
            if (slot > now) {
                long wait = slot - now;
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } else if (now - slot > periodNanos / 2) {
                late++;
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long t1 = System.nanoTime();
                if (r.statusCode() != 200) errors++;
                bytes += r.body().length;
                lat[done++] = t1 - t0;
            } catch (Exception e) {
                errors++;
            }
        }
        long[] l = Arrays.copyOf(lat, done);
        Arrays.sort(l);
        if (!quiet || errors > 0) {
            System.out.println(String.format(Locale.ROOT,
                    "%s n=%d errors=%d late=%d avg_bytes=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                    label, done, errors, late, done == 0 ? 0 : bytes / done, pct(l, 0.50), pct(l, 0.90),
                    pct(l, 0.99), done == 0 ? Double.NaN : l[done - 1] / 1e6));
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, idx)] / 1e6;
    }
}
