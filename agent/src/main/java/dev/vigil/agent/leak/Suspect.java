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

    /** The JSON shape of /debug/leaks. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", className);
        m.put("instances_delta", instancesDelta);
        m.put("bytes_delta", bytesDelta);
        m.put("path_to_gc_root", pathToGcRoot);
        m.put("allocation_stack", allocationStack);
        if (pathSource != null) m.put("path_source", pathSource);
        return m;
    }
}
