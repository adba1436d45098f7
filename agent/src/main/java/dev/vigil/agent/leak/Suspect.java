package dev.vigil.agent.leak;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A class whose live instances keep growing, with what is known of where it is held and where it was allocated.
 * Paths and stacks stay empty until attribution has found them.
 */
public record Suspect(String className, long instancesDelta, long bytesDelta, List<String> pathToGcRoot,
                      List<String> allocationStack, String pathSource) {

    public Suspect {
        pathToGcRoot = List.copyOf(pathToGcRoot);
        allocationStack = List.copyOf(allocationStack);
    }

    Suspect withPath(List<String> path, String source) {
        return new Suspect(className, instancesDelta, bytesDelta, path, allocationStack, source);
    }

    Suspect withAllocationStack(List<String> stack) {
        return new Suspect(className, instancesDelta, bytesDelta, pathToGcRoot, stack, pathSource);
    }

    /**
     * The application class nearest to the leaked objects on their path: what a person will want to open first when
     * the growing class is a JDK type such as {@code byte[]} or {@code HashMap$Node}. Null when the path has none.
     */
    static String owner(List<String> pathRootFirst) {
        for (int i = pathRootFirst.size() - 1; i >= 0; i--) {
            String link = pathRootFirst.get(i);
            String type = link.contains(".") && !link.endsWith("]") ? link : null;
            if (type == null) continue;
            // "com.acme.Holder.field (static)" -> "com.acme.Holder"
            String holder = link.replace(" (static)", "");
            int lastDot = holder.lastIndexOf('.');
            String className = i == pathRootFirst.size() - 1 ? holder : holder.substring(0, Math.max(0, lastDot));
            if (!className.isEmpty() && !isJdk(className)) return className;
        }
        return null;
    }

    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.") || className.contains("[]");
    }

    /** The JSON shape of /debug/leaks. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", className);
        m.put("instances_delta", instancesDelta);
        m.put("bytes_delta", bytesDelta);
        m.put("path_to_gc_root", pathToGcRoot);
        String owner = owner(pathToGcRoot);
        if (owner != null) m.put("owner", owner);
        m.put("allocation_stack", allocationStack);
        if (pathSource != null) m.put("path_source", pathSource);
        return m;
    }
}
