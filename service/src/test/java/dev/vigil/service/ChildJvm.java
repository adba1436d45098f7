package dev.vigil.service;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What tests that start real JVMs (and jsvc) share: the JDKs, the test class path, a small HTTP client. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The JDKs from the parent pom's vigil.it.jdks; a missing one fails the test instead of skipping it. */
    public static List<Path> jdks() {
        String list = System.getProperty("vigil.it.jdks", System.getProperty("java.home"));
        List<Path> jdks = new ArrayList<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) continue;
            Path jdk = Path.of(item.trim());
            if (!Files.isExecutable(jdk.resolve("bin/java"))) {
                throw new IllegalStateException("JDK " + jdk + " from vigil.it.jdks is not installed");
            }
            jdks.add(jdk);
        }
        return jdks;
    }

    /** Absolute class path of this test run (surefire's, not its booter jar's). */
    public static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, Arrays.stream(cp.split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(s -> Path.of(s).toAbsolutePath().toString()).toList());
    }

    public enum Outcome { OK, REFUSED, CONNECT_REFUSED, BROKEN }

    /** One request to the sample service with its own connection (no pooled connection can go stale). */
    public static Outcome request(int port, long id, long workMillis) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/work?id=" + id
                    + "&ms=" + workMillis).toURL().openConnection();
            c.setRequestProperty("Connection", "close");
            c.setConnectTimeout(5000);
            c.setReadTimeout(20000);
            int status = c.getResponseCode();
            if (status == 503) return Outcome.REFUSED;
            String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return status == 200 && body.equals("done " + id) ? Outcome.OK : Outcome.BROKEN;
        } catch (ConnectException e) {
            return Outcome.CONNECT_REFUSED;
        } catch (IOException e) {
            return Outcome.BROKEN;
        }
    }

    /** Ids in the sample's journal with the given verb ("accepted" or "completed"). */
    public static List<Long> journal(Path file, String verb) throws IOException {
        if (!Files.exists(file)) return List.of();
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(verb + " "))
                .map(l -> Long.parseLong(l.substring(verb.length() + 1).trim())).toList();
    }
}
