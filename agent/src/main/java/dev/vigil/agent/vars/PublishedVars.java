package dev.vigil.agent.vars;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the service itself publishes on /debug/vars, like Go's {@code expvar.Publish}: a name and a supplier read at
 * request time. Values may be numbers, strings, booleans, maps, collections or anything Jackson can write.
 */
public final class PublishedVars {
    public static final int MAX_VARS = 256;
    /** Names /debug/vars uses itself. */
    static final Set<String> RESERVED = Set.of("cmdline", "memstats", "vigil", "service");

    private final Map<String, Supplier<?>> vars = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException for a reserved or already published name, or beyond {@link #MAX_VARS}
     */
    public void publish(String name, Supplier<?> value) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a var needs a name");
        if (RESERVED.contains(name)) throw new IllegalArgumentException("'" + name + "' is reserved by /debug/vars");
        if (vars.size() >= MAX_VARS) throw new IllegalArgumentException("at most " + MAX_VARS + " vars");
        if (vars.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("'" + name + "' is already published");
        }
    }

    public void remove(String name) {
        vars.remove(name);
    }

    /** Name → supplier, sorted by name. */
    public Map<String, Supplier<?>> snapshot() {
        return new TreeMap<>(vars);
    }
}
