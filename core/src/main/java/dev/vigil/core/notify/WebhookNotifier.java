package dev.vigil.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * POSTs notifications to one URL, asynchronously: {@link #send} returns at once, so a probe or detector is never
 * held up by a slow or dead receiver. Failed deliveries (connection errors, 5xx, 429) are retried with exponential
 * backoff; 4xx other than 429 is final. At most {@link #MAX_IN_FLIGHT} notifications wait at once; more are dropped
 * and counted. The executor is the caller's (core owns no threads).
 */
public final class WebhookNotifier {
    static final int MAX_IN_FLIGHT = 32;

    private final URI url;
    private final WebhookFormat format;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final ScheduledExecutorService executor;
    private final Consumer<String> log;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param log receives one line per final failure or drop
     */
    public WebhookNotifier(URI url, WebhookFormat format, Duration timeout, int maxAttempts, Duration firstBackoff,
                           ScheduledExecutorService executor, Consumer<String> log) {
        this.url = url;
        this.format = format;
        this.timeout = timeout;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.executor = executor;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(executor).build();
    }

    /** Queues the notification; never blocks and never throws. */
    public void send(Notification notification) {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            dropped.incrementAndGet();
            log.accept("webhook " + url.getHost() + ": " + MAX_IN_FLIGHT + " notifications already waiting; dropped '"
                    + notification.title() + "'");
            return;
        }
        byte[] body;
        try {
            body = format.body(mapper, notification);
        } catch (Exception e) {
            inFlight.decrementAndGet();
            failed.incrementAndGet();
            log.accept("webhook: cannot encode '" + notification.title() + "': " + e.getMessage());
            return;
        }
        executor.execute(() -> attempt(body, notification.title(), 1));
    }

    private void attempt(byte[] body, String title, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "vigil")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int status = response == null ? -1 : response.statusCode();
            if (error == null && status >= 200 && status < 300) {
                delivered.incrementAndGet();
                inFlight.decrementAndGet();
                return;
            }
            boolean retryable = error != null || status >= 500 || status == 429;
            String why = error != null ? error.getClass().getSimpleName() + " " + error.getMessage() : "HTTP " + status;
            if (retryable && attempt < maxAttempts) {
                long delayMillis = firstBackoff.toMillis() << (attempt - 1);
                executor.schedule(() -> attempt(body, title, attempt + 1), delayMillis, TimeUnit.MILLISECONDS);
                return;
            }
            failed.incrementAndGet();
            inFlight.decrementAndGet();
            log.accept("webhook " + url.getHost() + ": '" + title + "' not delivered after " + attempt
                    + " attempt(s): " + why);
        });
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
