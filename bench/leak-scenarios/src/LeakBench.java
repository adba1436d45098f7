import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leak-detection quality benchmark (issue 4): starts every scenario of dev.vigil.demo.scenarios.Scenario in its own
 * JVM with the agent at default settings, polls GET /debug/leaks, stops every JVM and writes the results table.
 *
 * Usage: java LeakBench.java JAR RESULTS_DIR MINUTES POLL_SECONDS JAVA scenario[,scenario...]
 * JDK only (runs with the source launcher).
 */
public final class LeakBench {
    static final Pattern URL = Pattern.compile("debug server on (http://\\S+)/debug/pprof/");

    static final class Run {
        final String name;
        final List<String> command;
        final Path out;
        final Path err;
        final Path polls;
        Process process;
        long startMillis;
        String base;
        Map<String, String> info = Map.of();
        boolean leak;
        List<String> expected = List.of();
        String suspect;
        double exhaustionMinutes = Double.NaN;
        Double firstSuspected;
        Double firstLeaking;
        String firstReason;
        Double suspectNamedAt;
        String suspectsSeen = "";
        final Map<String, Double> otherFirst = new LinkedHashMap<>();
        final Map<String, String> otherReason = new LinkedHashMap<>();
        final Map<String, Integer> alarmEpisodes = new LinkedHashMap<>();
        final Set<String> flaggedNow = new LinkedHashSet<>();
        String lastExpectedOkReason;
        String lastJson;
        int pollFailures;
        String problem;

        Run(String name, List<String> command, Path dir) {
            this.name = name;
            this.command = command;
            this.out = dir.resolve(name + ".out");
            this.err = dir.resolve(name + ".err");
            this.polls = dir.resolve(name + ".leaks.jsonl");
        }

        double minutes() {
            return (System.currentTimeMillis() - startMillis) / 60_000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        double minutes = Double.parseDouble(args[2]);
        long pollMillis = (long) (Double.parseDouble(args[3]) * 1000);
        String java = args[4];
        List<Run> runs = new ArrayList<>();
        for (String name : args[5].split(",")) runs.add(new Run(name, command(java, jar, name, minutes), dir));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Run r : runs) if (r.process != null) r.process.destroyForcibly();
        }));
        for (Run r : runs) {
            r.process = new ProcessBuilder(r.command).redirectOutput(r.out.toFile()).redirectError(r.err.toFile()).start();
            r.startMillis = System.currentTimeMillis();
            Files.writeString(dir.resolve(r.name + ".cmd"), String.join(" ", r.command) + "\n");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.currentTimeMillis() + (long) (minutes * 60_000);
        long nextReport = System.currentTimeMillis() + 5 * 60_000;
        while (System.currentTimeMillis() < end) {
            for (Run r : runs) poll(http, r);
            if (System.currentTimeMillis() >= nextReport) {
                nextReport += 5 * 60_000;
                System.out.println(progress(runs));
            }
            Thread.sleep(pollMillis);
        }
        for (Run r : runs) {
            poll(http, r);
            if (r.lastJson != null) Files.writeString(dir.resolve(r.name + ".final.json"), r.lastJson);
            r.process.destroy();
        }
        for (Run r : runs) {
            if (!r.process.waitFor(15, TimeUnit.SECONDS)) r.process.destroyForcibly().waitFor();
        }
        String table = table(runs, minutes);
        Files.writeString(dir.resolve("results.md"), table);
        System.out.println(table);
    }

    static List<String> command(String java, Path jar, String name, double minutes) {
        List<String> c = new ArrayList<>(List.of(java, "-XX:+UseG1GC"));
        switch (name) {
            case "slow-churn", "sawtooth" -> c.add("-Xmx512m");
            default -> c.add("-Xmx256m");
        }
        if (name.equals("classloader")) c.add("-XX:MaxMetaspaceSize=128m");
        if (name.equals("direct-buffer")) c.add("-XX:MaxDirectMemorySize=256m");
        c.add("-javaagent:" + jar + "=port=0"); // agent defaults: warm-up 10m, escalate-after 10m, sampling 3s
        c.addAll(List.of("-cp", jar.toString(), "dev.vigil.demo.scenarios.Scenario", name,
                "duration=" + (long) Math.ceil(minutes + 2) + "m"));
        return c;
    }

    static void poll(HttpClient http, Run r) {
        try {
            if (r.info.isEmpty()) readInfo(r);
            if (r.base == null) {
                Matcher m = URL.matcher(Files.readString(r.err));
                if (!m.find()) {
                    if (!r.process.isAlive()) r.problem = "JVM exited with " + r.process.exitValue();
                    return;
                }
                r.base = m.group(1);
            }
            if (!r.process.isAlive()) {
                if (r.problem == null) r.problem = "JVM exited early with " + r.process.exitValue() + " at "
                        + fmt(r.minutes()) + " min";
                return;
            }
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(r.base + "/debug/leaks"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            double t = r.minutes();
            String body = resp.body().replace("\n", " ");
            Files.writeString(r.polls, String.format(Locale.ROOT, "{\"t_minutes\":%.3f,\"code\":%d,\"body\":%s}%n", t,
                    resp.statusCode(), resp.statusCode() == 200 ? body : Json.quote(body)),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (resp.statusCode() != 200) {
                r.pollFailures++;
                return;
            }
            r.lastJson = resp.body();
            judge(r, t, Json.parse(resp.body()));
        } catch (Exception e) {
            r.pollFailures++;
        }
    }

    static void readInfo(Run r) throws IOException {
        for (String line : Files.readAllLines(r.out)) {
            if (!line.startsWith("SCENARIO ")) continue;
            Map<String, String> m = new LinkedHashMap<>();
            for (String kv : line.substring(9).split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            r.info = m;
            r.leak = "leak".equals(m.get("kind"));
            r.expected = r.leak ? List.of(m.get("resource").split("\\|")) : List.of();
            r.suspect = r.leak ? m.get("suspect") : null;
            if (r.leak) r.exhaustionMinutes = Double.parseDouble(m.get("exhaustion_minutes"));
            return;
        }
    }

    @SuppressWarnings("unchecked")
    static void judge(Run r, double t, Object doc) {
        Map<String, Object> root = (Map<String, Object>) doc;
        Set<String> flagged = new LinkedHashSet<>();
        for (Object o : (List<Object>) root.getOrDefault("findings", List.of())) {
            Map<String, Object> f = (Map<String, Object>) o;
            String resource = String.valueOf(f.get("resource"));
            String status = String.valueOf(f.get("status"));
            if (status.equals("ok")) continue;
            flagged.add(resource);
            String reason = String.valueOf(((Map<String, Object>) f.getOrDefault("evidence", Map.of())).get("reason"));
            if (r.expected.contains(resource)) {
                if (r.firstSuspected == null) {
                    r.firstSuspected = t;
                    r.firstReason = resource + " " + status + ": " + reason;
                }
                if (status.equals("leaking") && r.firstLeaking == null) r.firstLeaking = t;
            } else {
                r.otherFirst.putIfAbsent(resource + " " + status, t);
                r.otherReason.putIfAbsent(resource + " " + status, reason);
            }
            if (r.suspect != null) {
                StringBuilder seen = new StringBuilder();
                boolean named = false;
                for (Object so : (List<Object>) f.getOrDefault("suspects", List.of())) {
                    Map<String, Object> s = (Map<String, Object>) so;
                    String cls = String.valueOf(s.get("class"));
                    seen.append(seen.length() == 0 ? "" : ", ").append(cls);
                    if (mentions(s, r.suspect)) named = true;
                }
                if (seen.length() > 0) r.suspectsSeen = resource + ": " + seen;
                if (named && r.suspectNamedAt == null) r.suspectNamedAt = t;
            }
        }
        if (!r.leak) {
            for (String res : flagged) if (!r.flaggedNow.contains(res)) r.alarmEpisodes.merge(res, 1, Integer::sum);
        }
        r.flaggedNow.clear();
        r.flaggedNow.addAll(flagged);
        for (Object o : (List<Object>) root.getOrDefault("ok", List.of())) {
            Map<String, Object> ok = (Map<String, Object>) o;
            if (r.expected.contains(String.valueOf(ok.get("resource")))) {
                r.lastExpectedOkReason = ok.get("resource") + ": " + ok.get("reason");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static boolean mentions(Map<String, Object> suspect, String token) {
        if (String.valueOf(suspect.get("class")).contains(token)) return true;
        for (String key : List.of("path_to_gc_root", "allocation_stack")) {
            for (Object frame : (List<Object>) suspect.getOrDefault(key, List.of())) {
                if (String.valueOf(frame).contains("scenarios." + token)) return true;
            }
        }
        return false;
    }

    static String progress(List<Run> runs) {
        StringBuilder b = new StringBuilder();
        for (Run r : runs) {
            b.append(String.format(Locale.ROOT, "  %5.1f min %-14s flagged=%s%s%n", r.minutes(), r.name, r.flaggedNow,
                    r.problem == null ? "" : " PROBLEM " + r.problem));
        }
        return b.toString();
    }

    static String table(List<Run> runs, double minutes) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | kind | expected resource | time to exhaustion | first suspected | first leaking "
                + "| suspected / exhaustion | resource named | suspect named | other findings | false alarms | target |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder notes = new StringBuilder();
        for (Run r : runs) {
            String target;
            if (r.leak) {
                double quarter = r.exhaustionMinutes / 4;
                boolean flaggedInTime = r.firstSuspected != null && r.firstSuspected <= quarter;
                boolean namedInTime = r.suspectNamedAt != null && r.suspectNamedAt <= quarter;
                target = flaggedInTime && namedInTime ? "met" : flaggedInTime ? "flagged in time, suspect not named"
                        : r.firstSuspected != null ? "late" : "missed";
            } else {
                target = r.alarmEpisodes.isEmpty() && r.otherFirst.isEmpty() ? "met" : "false alarm";
            }
            String other = r.otherFirst.isEmpty() ? "none" : String.join(", ", r.otherFirst.entrySet().stream()
                    .map(e -> e.getKey() + " at " + fmt(e.getValue()) + " min").toList());
            b.append("| ").append(r.name)
                    .append(" | ").append(r.leak ? "leak" : "healthy")
                    .append(" | ").append(r.leak ? String.join(" or ", r.expected) : "none")
                    .append(" | ").append(r.leak ? fmt(r.exhaustionMinutes) + " min" : "-")
                    .append(" | ").append(r.leak ? minutesOrNever(r.firstSuspected) : "-")
                    .append(" | ").append(r.leak ? minutesOrNever(r.firstLeaking) : "-")
                    .append(" | ").append(r.leak && r.firstSuspected != null
                            ? String.format(Locale.ROOT, "%.2f", r.firstSuspected / r.exhaustionMinutes) : "-")
                    .append(" | ").append(r.leak ? (r.firstSuspected != null ? "yes" : "no") : "-")
                    .append(" | ").append(r.leak ? (r.suspectNamedAt != null ? "yes (" + r.suspect + ", at "
                            + fmt(r.suspectNamedAt) + " min)" : "no") : "-")
                    .append(" | ").append(r.leak ? other : "-")
                    .append(" | ").append(r.leak ? "-" : alarms(r))
                    .append(" | ").append(target).append(r.problem == null ? "" : " (" + r.problem + ")")
                    .append(" |\n");
            notes.append("- ").append(r.name).append(": ");
            if (r.leak) {
                notes.append(r.firstReason != null ? "first verdict: " + r.firstReason
                        : "never flagged; last ok reason: " + r.lastExpectedOkReason);
                notes.append(r.suspectsSeen.isEmpty() ? "; no suspects listed" : "; last suspects: " + r.suspectsSeen);
            } else {
                notes.append(r.otherReason.isEmpty() ? "no finding" : "");
            }
            r.otherReason.forEach((k, v) -> notes.append(" [").append(k).append(": ").append(v).append("]"));
            if (r.pollFailures > 0) notes.append(" (").append(r.pollFailures).append(" failed polls)");
            notes.append('\n');
        }
        return "Run of " + fmt(minutes) + " min, " + runs.size() + " scenarios in parallel, agent defaults.\n\n" + b
                + "\nEvidence:\n" + notes;
    }

    static String alarms(Run r) {
        if (r.otherFirst.isEmpty()) return "0";
        List<String> parts = new ArrayList<>();
        r.otherFirst.forEach((k, t) -> parts.add(k + " at " + fmt(t) + " min"));
        int episodes = r.alarmEpisodes.values().stream().mapToInt(Integer::intValue).sum();
        return episodes + " (" + String.join(", ", parts) + ")";
    }

    static String minutesOrNever(Double m) {
        return m == null ? "never" : fmt(m) + " min";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Just enough JSON: objects, arrays, strings, numbers, true/false/null. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) throw new IllegalArgumentException("trailing data at " + j.i);
            return v;
        }

        static String quote(String text) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            return b.append('"').toString();
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (s.charAt(i) == ',') i++;
                    else {
                        expect('}');
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i) == ',') i++;
                    else {
                        expect(']');
                        return l;
                    }
                }
            }
            if (c == '"') return string();
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            if (start == i) throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) throw new IllegalArgumentException("expected '" + c + "' at " + i);
            i++;
        }
    }
}
