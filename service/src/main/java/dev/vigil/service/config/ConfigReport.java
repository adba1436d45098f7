package dev.vigil.service.config;

import dev.vigil.core.config.ConfigKey;
import dev.vigil.core.config.ConfigKeys;
import dev.vigil.core.config.ConfigProblem;
import dev.vigil.core.config.ConfigSource;
import dev.vigil.core.config.VigilConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code /debug/config}: every key's effective value (secrets masked), where it came from, whether a
 * change needs a restart and, if the file already holds a new value for such a key, that pending value; then the
 * problems of the configuration in force and the last reload's result. Plain maps and lists, for any JSON writer.
 */
public final class ConfigReport {
    static final String MASK = "******";

    private ConfigReport() {
    }

    public static Map<String, Object> of(ReloadableConfig reloadable) {
        return of(reloadable.current(), reloadable.latestCandidate(), reloadable.lastReload(),
                reloadable.reloadCount());
    }

    /** For a process without reloading: the effective configuration alone. */
    public static Map<String, Object> of(VigilConfig config) {
        return of(config, config, null, 0);
    }

    static Map<String, Object> of(VigilConfig current, VigilConfig candidate, ReloadResult last, long reloads) {
        Map<String, Object> body = new LinkedHashMap<>();
        Object file = current.get(ConfigKeys.CONFIG);
        body.put("file", file == null ? null : file.toString());
        List<Map<String, Object>> keys = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", key.name());
            entry.put("value", shown(key, current.get(key)));
            ConfigSource source = current.sourceOf(key);
            entry.put("source", source.label());
            entry.put("default", shown(key, key.defaultValue()));
            entry.put("restart_required", key.restartRequired());
            if (key.restartRequired() && !Objects.equals(current.get(key), candidate.get(key))) {
                entry.put("pending_restart", shown(key, candidate.get(key)));
            }
            keys.add(entry);
        }
        body.put("keys", keys);
        body.put("problems", current.problems().stream().map(ConfigProblem::describe).toList());
        body.put("reloads", reloads);
        body.put("last_reload", last == null ? null : describe(last));
        return body;
    }

    private static Map<String, Object> describe(ReloadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", r.outcome().name());
        m.put("trigger", r.trigger());
        m.put("at_millis", r.atMillis());
        m.put("message", r.message());
        m.put("changed", r.changed());
        m.put("pending_restart", r.pendingRestart());
        List<Map<String, Object>> problems = new ArrayList<>();
        for (ConfigProblem p : r.problems()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("key", p.key());
            pm.put("source", p.source().label());
            pm.put("line", p.line());
            pm.put("message", p.message());
            problems.add(pm);
        }
        m.put("problems", problems);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static <T> String shown(ConfigKey<T> key, Object value) {
        if (value == null) return null;
        return key.secret() ? MASK : key.format((T) value);
    }
}
