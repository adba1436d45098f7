package dev.vigil.cli.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A plain HTTP client for the debug server under test. */
final class DebugClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** @param indexUrl e.g. http://127.0.0.1:6060/debug/pprof/ */
    DebugClient(String indexUrl) {
        this.base = indexUrl.substring(0, indexUrl.indexOf("/debug/pprof/"));
    }

    /** host:port of the debug server */
    String authority() {
        return URI.create(base).getAuthority();
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery, "GET", headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String pathAndQuery) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery, method), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return http.send(request(pathAndQuery, "GET", headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** GETs into a file and fails unless the answer is 200. */
    Path download(String pathAndQuery, String suffix) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = getBytes(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        Path file = Files.createTempFile("vigil-it-", suffix);
        Files.write(file, r.body());
        return file;
    }

    private HttpRequest request(String pathAndQuery, String method, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b.build();
    }
}
