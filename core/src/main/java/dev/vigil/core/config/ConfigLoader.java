package dev.vigil.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the effective configuration from, in rising precedence: defaults, the YAML file, {@code VIGIL_*}
 * environment variables, and agent options (or the map given to {@code Vigil.start}).
 * A value that does not parse is reported and its key keeps the default; loading itself never fails.
 */
public final class ConfigLoader {
    /** Config files larger than this are refused rather than read into memory. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private ConfigLoader() {
    }

    /** A raw value and where it stood. */
    private record RawValue(String text, int line) {
    }

    /**
     * @param options key=value pairs from the agent argument or the API, highest precedence
     * @param environment the process environment (pass {@code System.getenv()})
     */
    public static VigilConfig load(Map<String, String> options, Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<ConfigSource, Map<String, RawValue>> layers = new EnumMap<>(ConfigSource.class);

        Map<String, RawValue> fromEnv = new LinkedHashMap<>();
        // the keys' variable names are made only when there is a VIGIL_ variable: most hosts have none, and an agent's
        // start-up should build few strings (ARCHITECTURE.md)
        boolean anyVigilVariable = false;
        for (String name : environment.keySet()) anyVigilVariable |= name.startsWith("VIGIL_");
        if (anyVigilVariable) {
            for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
                String value = environment.get(environmentName(key));
                if (value != null) fromEnv.put(key.name(), new RawValue(value, 0));
            }
        }
        Map<String, RawValue> fromOptions = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (ConfigKeys.ALL.containsKey(k)) {
                fromOptions.put(k, new RawValue(v, 0));
            } else {
                problems.add(new ConfigProblem(k, ConfigSource.OPTIONS, 0, "unknown key" + suggestion(k)));
            }
        });

        RawValue configPath = fromOptions.getOrDefault(ConfigKeys.CONFIG.name(), fromEnv.get(ConfigKeys.CONFIG.name()));
        if (configPath != null && !configPath.text().isBlank()) {
            layers.put(ConfigSource.FILE, readFile(Path.of(configPath.text().trim()), problems));
        }
        layers.put(ConfigSource.ENVIRONMENT, fromEnv);
        layers.put(ConfigSource.OPTIONS, fromOptions);

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, ConfigSource> sources = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
            values.put(key.name(), key.defaultValue());
            sources.put(key.name(), ConfigSource.DEFAULT);
            for (ConfigSource source : new ConfigSource[] {ConfigSource.OPTIONS, ConfigSource.ENVIRONMENT,
                    ConfigSource.FILE}) {
                RawValue raw = layers.getOrDefault(source, Map.of()).get(key.name());
                if (raw == null) continue;
                try {
                    values.put(key.name(), key.parse(raw.text()));
                    sources.put(key.name(), source);
                } catch (IllegalArgumentException e) {
                    String fallback = key.defaultValue() == null ? "unset" : "default " + key.formatUnchecked(
                            key.defaultValue());
                    problems.add(new ConfigProblem(key.name(), source, raw.line(),
                            e.getMessage() + "; using " + fallback));
                }
                break;
            }
        }
        return new VigilConfig(values, sources, problems);
    }

    /** {@code sampling.interval} → {@code VIGIL_SAMPLING_INTERVAL}. */
    public static String environmentName(ConfigKey<?> key) {
        return "VIGIL_" + key.name().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * Splits an agent argument such as {@code port=7070,host=127.0.0.1}. Items that are not {@code key=value}
     * are reported, not fatal.
     */
    public static Map<String, String> parseOptions(String argument, List<ConfigProblem> problems) {
        Map<String, String> options = new LinkedHashMap<>();
        if (argument == null || argument.isBlank()) return options;
        for (String item : argument.split(",")) {
            if (item.isBlank()) continue;
            int eq = item.indexOf('=');
            if (eq <= 0) {
                problems.add(new ConfigProblem(item.trim(), ConfigSource.OPTIONS, 0, "is not key=value"));
                continue;
            }
            options.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return options;
    }

    private static Map<String, RawValue> readFile(Path file, List<ConfigProblem> problems) {
        Map<String, RawValue> values = new LinkedHashMap<>();
        List<ConfigProblem> fileProblems = new ArrayList<>();
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                problems.add(new ConfigProblem(ConfigKeys.CONFIG.name(), ConfigSource.FILE, 0,
                        file + " is " + size + " bytes, more than a config file can be (" + MAX_FILE_BYTES + ")"));
                return values;
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 JsonParser parser = new YAMLFactory().createParser(reader)) {
                flatten(parser, values, fileProblems);
            }
            problems.addAll(fileProblems);
        } catch (JsonProcessingException e) {
            // a file that is not valid YAML contributes nothing, not the part before the error
            values.clear();
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            problems.add(new ConfigProblem(ConfigKeys.CONFIG.name(), ConfigSource.FILE, line,
                    file + " is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")));
        } catch (IOException e) {
            problems.add(new ConfigProblem(ConfigKeys.CONFIG.name(), ConfigSource.FILE, 0,
                    "cannot read " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage()));
        }
        return values;
    }

    /** Walks the YAML document, turning nested maps into dotted keys and keeping each value's line. */
    private static void flatten(JsonParser parser, Map<String, RawValue> values, List<ConfigProblem> problems)
            throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) return; // an empty file configures nothing
        if (first != JsonToken.START_OBJECT) {
            problems.add(new ConfigProblem(ConfigKeys.CONFIG.name(), ConfigSource.FILE,
                    parser.currentLocation().getLineNr(), "the file must be a map of keys to values"));
            return;
        }
        Deque<String> path = new ArrayDeque<>();
        String field = null;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            int line = parser.currentTokenLocation().getLineNr();
            switch (token) {
                case FIELD_NAME -> field = parser.currentName();
                case START_OBJECT -> {
                    path.addLast(field);
                    field = null;
                }
                case END_OBJECT -> {
                    if (path.isEmpty()) return;
                    path.removeLast();
                }
                case START_ARRAY -> {
                    problems.add(new ConfigProblem(dotted(path, field), ConfigSource.FILE, line,
                            "expects a single value, not a list"));
                    parser.skipChildren();
                }
                default -> {
                    String key = dotted(path, field);
                    if (!ConfigKeys.ALL.containsKey(key)) {
                        problems.add(new ConfigProblem(key, ConfigSource.FILE, line, "unknown key" + suggestion(key)));
                    } else if (token == JsonToken.VALUE_NULL) {
                        problems.add(new ConfigProblem(key, ConfigSource.FILE, line, "has no value"));
                    } else {
                        values.put(key, new RawValue(parser.getText(), line));
                    }
                }
            }
        }
    }

    private static String dotted(Deque<String> path, String field) {
        StringBuilder b = new StringBuilder();
        for (String part : path) b.append(part).append('.');
        return b.append(field).toString();
    }

    private static String suggestion(String unknown) {
        String best = null;
        int bestDistance = 3;
        for (String known : ConfigKeys.ALL.keySet()) {
            int d = editDistance(unknown.toLowerCase(Locale.ROOT), known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
