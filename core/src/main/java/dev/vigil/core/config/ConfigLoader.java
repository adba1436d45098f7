package dev.vigil.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
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
    private ConfigLoader() {
    }

    /** A raw value and where it stood. */
    record RawValue(String text, int line) {
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
        for (Map.Entry<String, String> option : options.entrySet()) { // a loop: no lambda to link at start
            String k = option.getKey();
            if (ConfigKeys.ALL.containsKey(k)) {
                fromOptions.put(k, new RawValue(option.getValue(), 0));
            } else {
                problems.add(new ConfigProblem(k, ConfigSource.OPTIONS, 0, "unknown key" + suggestion(k)));
            }
        }

        RawValue configPath = fromOptions.getOrDefault(ConfigKeys.CONFIG.name(), fromEnv.get(ConfigKeys.CONFIG.name()));
        if (configPath != null && !configPath.text().isBlank()) {
            layers.put(ConfigSource.FILE, YamlConfigFile.read(Path.of(configPath.text().trim()), problems));
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

    /** " (did you mean 'port'?)" for a near miss of a known key, else "". */
    static String suggestion(String unknown) {
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
