import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Open-loop, fixed-rate HTTP GET client on java.net.http (HTTP/1.1). Sends {@code warmup} requests to each URL
 * first (not counted), then one request per URL every 1/rate s for {@code seconds}; latency is measured from sending
 * to having read the whole body. A request whose slot has passed is sent at once (and counted as "late"). Several
 * URLs (comma-separated labels and URLs) take turns, their slots spread evenly over each period, so that every
 * endpoint sees the same machine at the same time.
 *
 * With {@code -Dclient=socket} each request is one plain blocking socket instead (HTTP/1.1 GET with {@code
 * Connection: close}, read to the end): no client-side threads to hand over to, so the figures carry less of the
 * client's own scheduling, as with curl or Prometheus' Go client.
 *
 * Usage: java [-Dclient=socket] RateClient LABEL[,LABEL...] URL[,URL...] RATE_PER_S SECONDS [WARMUP=10] [QUIET=0]
 * Prints one line per URL: LABEL n=.. errors=.. late=.. bytes=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..
 */
public final class RateClient {
    public static void main(String[] args) throws Exception {
        String[] labels = args[0].split(",");
        String[] urls = args[1].split(",");
        if (labels.length != urls.length) throw new IllegalArgumentException("as many labels as URLs, please");
        double rate = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        boolean quiet = args.length > 5 && args[5].equals("1");
        int k = urls.length;
        boolean socket = "socket".equals(System.getProperty("client"));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest[] requests = new HttpRequest[k];
        for (int u = 0; u < k; u++) {
            requests[u] = HttpRequest.newBuilder(URI.create(urls[u])).timeout(Duration.ofSeconds(10)).GET().build();
            for (int i = 0; i < warmup; i++) {
                try {
                    fetch(client, requests[u], socket);
                } catch (Exception ignored) {
                }
            }
        }
        int n = (int) Math.round(rate * seconds);
        long periodNanos = (long) (1e9 / rate);
        long[][] lat = new long[k][n];
        int[] done = new int[k], errors = new int[k], late = new int[k];
        long[] bytes = new long[k];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < k; u++) {
                long slot = start + i * periodNanos + u * periodNanos / k;
                long now = System.nanoTime();
                if (slot > now) {
                    long wait = slot - now;
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else if (now - slot > periodNanos / (2L * k)) {
                    late[u]++;
                }
                long t0 = System.nanoTime();
                try {
                    long[] statusAndBytes = fetch(client, requests[u], socket);
                    long t1 = System.nanoTime();
                    if (statusAndBytes[0] != 200) errors[u]++;
                    bytes[u] += statusAndBytes[1];
                    lat[u][done[u]++] = t1 - t0;
                } catch (Exception e) {
                    errors[u]++;
                }
            }
        }
        for (int u = 0; u < k; u++) {
            long[] l = Arrays.copyOf(lat[u], done[u]);
            Arrays.sort(l);
            if (!quiet || errors[u] > 0) {
                System.out.println(String.format(Locale.ROOT,
                        "%s n=%d errors=%d late=%d avg_bytes=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f",
                        labels[u], done[u], errors[u], late[u], done[u] == 0 ? 0 : bytes[u] / done[u],
                        pct(l, 0.50), pct(l, 0.90), pct(l, 0.99), done[u] == 0 ? Double.NaN : l[done[u] - 1] / 1e6));
            }
        }
    }

    /** One GET; returns {status, body bytes}. */
    private static long[] fetch(HttpClient client, HttpRequest request, boolean socket) throws Exception {
        if (!socket) {
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new long[] {r.statusCode(), r.body().length};
        }
        URI uri = request.uri();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            s.setSoTimeout(10_000);
            String target = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream(64 * 1024);
            in.transferTo(all);
            byte[] response = all.toByteArray();
            String head = new String(response, 0, Math.min(response.length, 4096), StandardCharsets.ISO_8859_1);
            boolean statusLine = head.startsWith("HTTP/1.") && head.length() >= 12;
            int status = statusLine ? Integer.parseInt(head.substring(9, 12)) : -1;
            int bodyStart = head.indexOf("\r\n\r\n");
            return new long[] {status, bodyStart < 0 ? 0 : response.length - bodyStart - 4};
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, idx)] / 1e6;
    }
}
