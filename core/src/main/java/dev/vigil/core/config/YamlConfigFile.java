package dev.vigil.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.vigil.core.config.ConfigLoader.RawValue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML config file ({@code config=PATH}) into dotted keys, each value with its line. Apart from
 * {@link ConfigLoader} so that Jackson's classes load only when there is a file: the JVM's verifier loads the
 * exception types a method catches when it loads the class, and every agent class loaded at start-up is work done in
 * the host while it is cold (ARCHITECTURE.md, on the agent's start-up).
 */
final class YamlConfigFile {
    /** Config files larger than this are refused rather than read into memory. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private YamlConfigFile() {
    }

    /** The file's values by dotted key; what is wrong with it goes to {@code problems}, and nothing throws. */
    static Map<String, RawValue> read(Path file, List<ConfigProblem> problems) {
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
                        problems.add(new ConfigProblem(key, ConfigSource.FILE, line, "unknown key" + ConfigLoader.suggestion(key)));
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
}
