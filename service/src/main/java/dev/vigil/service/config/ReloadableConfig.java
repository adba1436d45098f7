package dev.vigil.service.config;

import dev.vigil.core.config.ConfigKey;
import dev.vigil.core.config.ConfigKeys;
import dev.vigil.core.config.ConfigLoader;
import dev.vigil.core.config.ConfigPinning;
import dev.vigil.core.config.ConfigProblem;
import dev.vigil.core.config.ConfigSource;
import dev.vigil.core.config.VigilConfig;
import dev.vigil.service.ServiceLog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The configuration in force, and how it changes while running: parse (ConfigLoader: defaults &lt; file &lt;
 * VIGIL_* &lt; options) → validate, reporting every problem with key and line → swap atomically → tell listeners →
 * roll the whole change back if one refuses. A bad file never replaces a good configuration.
 *
 * <p>Readers call {@link #current()} each time they need a value (a volatile read), so they always see one whole
 * configuration, never a half-applied one.
 */
public final class ReloadableConfig implements Supplier<VigilConfig> {
    private final Map<String, String> options;
    private final Map<String, String> environment;
    private final List<ConfigValidator> validators;
    private final AtomicReference<VigilConfig> current = new AtomicReference<>();
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
    private volatile VigilConfig latestCandidate;
    private volatile ReloadResult lastReload;
    private volatile long reloads;

    /**
     * Loads the initial configuration. Problems in it are tolerated (the key runs with its default, as at agent
     * start-up); only reloads are held to "no problems in the file".
     *
     * @param options the same options the process started with (highest precedence)
     * @param environment the process environment
     */
    public ReloadableConfig(Map<String, String> options, Map<String, String> environment,
                            List<ConfigValidator> validators) {
        this.options = Map.copyOf(options);
        this.environment = Map.copyOf(environment);
        this.validators = List.copyOf(validators);
        VigilConfig initial = ConfigLoader.load(this.options, this.environment);
        current.set(initial);
        latestCandidate = initial;
    }

    public ReloadableConfig(Map<String, String> options, Map<String, String> environment) {
        this(options, environment, List.of());
    }

    /** The configuration in force. */
    public VigilConfig current() {
        return current.get();
    }

    /** The same as {@link #current()}, for readers of any {@code Supplier<VigilConfig>} ({@code CurrentValue}). */
    @Override
    public VigilConfig get() {
        return current();
    }

    /** The YAML file this configuration reads, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(current().get(ConfigKeys.CONFIG));
    }

    public void addListener(ConfigListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(ConfigListener listener) {
        listeners.remove(listener);
    }

    /** The last reload's result, or null before the first. */
    public ReloadResult lastReload() {
        return lastReload;
    }

    public long reloadCount() {
        return reloads;
    }

    /**
     * The newest valid configuration read, including values of restart-only keys that are not in force yet.
     */
    public VigilConfig latestCandidate() {
        return latestCandidate;
    }

    /** Reads the file again and applies it if it is valid and every listener accepts it. Never throws. */
    public synchronized ReloadResult reload(String trigger) {
        reloads++;
        long now = System.currentTimeMillis();
        VigilConfig running = current.get();
        VigilConfig candidate = ConfigLoader.load(options, environment);

        List<ConfigProblem> problems = new ArrayList<>();
        for (ConfigProblem p : candidate.problems()) {
            // environment and options problems were there at start and are reported then; the file is what changed
            if (p.source() == ConfigSource.FILE) problems.add(p);
        }
        for (ConfigValidator validator : validators) {
            try {
                problems.addAll(validator.validate(candidate));
            } catch (RuntimeException e) {
                problems.add(new ConfigProblem("config", ConfigSource.FILE, 0, "validator failed: " + e));
            }
        }
        if (!problems.isEmpty()) {
            String message = problems.size() + " problem(s); keeping the last good configuration: "
                    + String.join("; ", problems.stream().map(ConfigProblem::describe).toList());
            return record(new ReloadResult(ReloadResult.Outcome.INVALID, trigger, now, List.of(), List.of(),
                    List.copyOf(problems), message));
        }
        latestCandidate = candidate;

        List<ConfigKey<?>> restartOnly = new ArrayList<>();
        for (ConfigKey<?> key : ConfigChange.between(running, candidate).changed()) {
            if (key.restartRequired()) restartOnly.add(key);
        }
        VigilConfig next = ConfigPinning.keepRunning(candidate, running, restartOnly);
        ConfigChange change = ConfigChange.between(running, next);
        List<String> pending = restartOnly.stream().map(ConfigKey::name).toList();
        if (change.isEmpty()) {
            current.set(next); // sources may differ even where values do not
            String message = pending.isEmpty() ? "no changes"
                    : "no runtime changes; after a restart: " + String.join(", ", pending);
            return record(new ReloadResult(ReloadResult.Outcome.UNCHANGED, trigger, now, List.of(), pending,
                    List.of(), message));
        }

        current.set(next);
        List<ConfigListener> applied = new ArrayList<>();
        for (ConfigListener listener : listeners) {
            try {
                listener.onChange(change);
                applied.add(listener);
            } catch (Exception | LinkageError e) {
                current.set(running);
                ConfigChange undo = change.inverse();
                for (int i = applied.size() - 1; i >= 0; i--) {
                    try {
                        applied.get(i).onChange(undo);
                    } catch (Exception | LinkageError undoFailure) {
                        ServiceLog.warn("config rollback: a listener failed to undo " + change.changedNames() + ": "
                                + undoFailure);
                    }
                }
                String message = "a listener rejected " + change.changedNames() + " (" + e.getMessage()
                        + "); rolled back to the previous configuration";
                return record(new ReloadResult(ReloadResult.Outcome.ROLLED_BACK, trigger, now, List.of(), pending,
                        List.of(), message));
            }
        }
        String message = "applied " + String.join(", ", change.changedNames())
                + (pending.isEmpty() ? "" : "; after a restart: " + String.join(", ", pending));
        return record(new ReloadResult(ReloadResult.Outcome.APPLIED, trigger, now, change.changedNames(), pending,
                List.of(), message));
    }

    private ReloadResult record(ReloadResult result) {
        lastReload = result;
        String line = "config reload (" + result.trigger() + "): " + result.outcome() + ": " + result.message();
        if (result.outcome() == ReloadResult.Outcome.INVALID || result.outcome() == ReloadResult.Outcome.ROLLED_BACK) {
            ServiceLog.warn(line);
        } else {
            ServiceLog.info(line);
        }
        return result;
    }
}
