package dev.vigil.agent.leak;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where growing objects were allocated and what holds them, from JFR old-object samples. JFR samples allocations,
 * drops samples whose object died, and on a dump emits the survivors with their allocation stack and, within
 * {@code pathCutoff}, the chain of referrers towards a GC root. On JDK 17 the samples only arrive through a dump, and the
 * same survivors repeat in every dump, so each dump is read on its own.
 *
 * <p>The search for paths can pause the JVM for up to the cutoff, so callers bound how often {@link #attribute} runs.
 * The root's own description is not trusted to name the owning static field (it often names only a class loader):
 * the referrer chain is what is reported.
 */
final class OldObjectAttribution implements AutoCloseable {
    /** Frames kept per allocation stack. */
    static final int MAX_FRAMES = 24;
    /** Links kept per path towards the root. */
    static final int MAX_PATH = 32;

    /** Allocation stack and referrer chain of the most often sampled survivor shape of one class. */
    record Attribution(String className, int samples, List<String> allocationStack, List<String> pathToGcRoot,
                       String rootDescription) {
    }

    private final Duration pathCutoff;
    private Recording recording;

    OldObjectAttribution(Duration pathCutoff) {
        this.pathCutoff = pathCutoff;
    }

    synchronized boolean running() {
        return recording != null;
    }

    /** Starts sampling; objects allocated before this are never sampled. */
    synchronized void start() {
        if (recording != null) return;
        Recording r = new Recording();
        r.setName("vigil-leak-attribution");
        r.enable("jdk.OldObjectSample").withStackTrace()
                .with("cutoff", pathCutoff.toMillis() + " ms");
        r.setToDisk(true);
        r.setMaxSize(8L << 20);
        r.start();
        recording = r;
    }

    /** Reads the current survivors of the given classes (names in source form, e.g. {@code byte[]}). */
    synchronized Map<String, Attribution> attribute(Collection<String> classNames) throws IOException {
        if (recording == null) return Map.of();
        Path file = Files.createTempFile("vigil-oldobjects-", ".jfr");
        try {
            recording.dump(file);
            return read(file, classNames);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static Map<String, Attribution> read(Path file, Collection<String> classNames) throws IOException {
        // per class: how often each (stack, path) shape was seen; the newest emission only (see class comment)
        Map<String, Map<List<List<String>>, int[]>> shapes = new HashMap<>();
        Map<List<List<String>>, String> roots = new HashMap<>();
        Map<List<List<String>>, List<String>> examplePaths = new HashMap<>();
        List<RecordedEvent> events = new ArrayList<>();
        long newestEmission = Long.MIN_VALUE;
        try (RecordingFile recordingFile = new RecordingFile(file)) {
            while (recordingFile.hasMoreEvents()) {
                RecordedEvent e = recordingFile.readEvent();
                if (!e.getEventType().getName().equals("jdk.OldObjectSample")) continue;
                long emitted = e.getStartTime().toEpochMilli();
                if (emitted > newestEmission + 1000) { // a later dump: forget the older emission
                    newestEmission = emitted;
                    events.clear();
                }
                if (emitted >= newestEmission - 1000) events.add(e);
            }
        }
        for (RecordedEvent e : events) {
            RecordedObject object = e.getValue("object");
            if (object == null) continue;
            RecordedClass type = object.getValue("type");
            if (type == null) continue;
            String className = sourceName(type.getName());
            if (!classNames.contains(className)) continue;
            List<String> stack = stack(e);
            List<String> path = path(object);
            // samples of one leak differ only in array indices along the path: group them as one shape
            List<List<String>> key = List.of(stack, withoutArrayIndices(path));
            shapes.computeIfAbsent(className, c -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new int[1])[0]++;
            examplePaths.putIfAbsent(key, path);
            RecordedObject root = e.getValue("root");
            if (root != null) roots.putIfAbsent(key, root.getString("description"));
        }
        Map<String, Attribution> result = new LinkedHashMap<>();
        shapes.forEach((className, byShape) -> {
            List<List<String>> best = null;
            int bestCount = 0;
            int total = 0;
            for (Map.Entry<List<List<String>>, int[]> s : byShape.entrySet()) {
                total += s.getValue()[0];
                // prefer the shape with a path: a sample emitted past the cutoff has none
                int score = s.getValue()[0] * (s.getKey().get(1).size() > 1 ? 1000 : 1);
                if (score > bestCount) {
                    bestCount = score;
                    best = s.getKey();
                }
            }
            if (best != null) {
                result.put(className, new Attribution(className, total, best.get(0), examplePaths.get(best),
                        roots.get(best)));
            }
        });
        return result;
    }

    private static List<String> stack(RecordedEvent e) {
        List<String> frames = new ArrayList<>();
        if (e.getStackTrace() == null) return frames;
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (frames.size() >= MAX_FRAMES) break;
            if (f.getMethod() == null) continue;
            String type = f.getMethod().getType().getName();
            frames.add(type + "." + f.getMethod().getName() + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : ""));
        }
        return frames;
    }

    static List<String> withoutArrayIndices(List<String> path) {
        List<String> shape = new ArrayList<>(path.size());
        for (String link : path) shape.add(ARRAY_INDEX.matcher(link).replaceAll("[]"));
        return shape;
    }

    private static final java.util.regex.Pattern ARRAY_INDEX = java.util.regex.Pattern.compile("\\[\\d+\\]$");

    /**
     * From the sampled object up towards the root, as MAT prints a path: {@code Holder.field -> Map$Node[] [3] -> ...}.
     * Returned root first, so it reads like {@code vigil analyze}'s path_to_gc_root.
     */
    private static List<String> path(RecordedObject sampled) {
        List<String> fromObject = new ArrayList<>();
        fromObject.add(describe(sampled, null));
        RecordedObject current = sampled;
        while (fromObject.size() < MAX_PATH) {
            RecordedObject reference = current.getValue("referrer");
            if (reference == null) break;
            RecordedObject parent = reference.getValue("object");
            if (parent == null) break;
            int skipped = reference.getInt("skip");
            if (skipped > 0) fromObject.add("... " + skipped + " more");
            fromObject.add(describe(parent, reference));
            current = parent;
        }
        List<String> rootFirst = new ArrayList<>(fromObject.size());
        for (int i = fromObject.size() - 1; i >= 0; i--) rootFirst.add(fromObject.get(i));
        return rootFirst;
    }

    /** {@code java.util.HashMap$Node.value} for a field link, {@code java.lang.Object[] [12]} for an array element. */
    private static String describe(RecordedObject object, RecordedObject reference) {
        RecordedClass type = object.getValue("type");
        String name = type == null ? "?" : sourceName(type.getName());
        String description = object.getString("description");
        if (name.equals("java.lang.Class") && description != null && description.startsWith("Class Name: ")) {
            name = description.substring("Class Name: ".length()).trim(); // a static field's holder
        }
        if (reference == null) return name;
        RecordedObject field = reference.getValue("field");
        if (field != null && field.getString("name") != null) {
            boolean isStatic = (field.getShort("modifiers") & java.lang.reflect.Modifier.STATIC) != 0;
            return name + "." + field.getString("name") + (isStatic ? " (static)" : "");
        }
        RecordedObject array = reference.getValue("array");
        if (array != null) return name + " [" + array.getInt("index") + "]";
        return name;
    }

    static String sourceName(String jfrName) {
        return dev.vigil.core.histogram.ClassHistogram.sourceName(jfrName.replace('/', '.'));
    }

    @Override
    public synchronized void close() {
        if (recording != null) {
            recording.close();
            recording = null;
        }
    }
}
