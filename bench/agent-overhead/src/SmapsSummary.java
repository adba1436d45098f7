import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a process's resident memory (/proc/PID/smaps) into the parts that say where memory outside Native Memory
 * Tracking lives: glibc malloc arenas of non-main threads (anonymous heaps glibc reserves 64 MB-aligned, 64 MB each,
 * committing only the front), the main arena ([heap], brk), other anonymous mappings (Java heap, metaspace, code
 * cache, thread stacks, GC data, malloc's own mmaps of large blocks) and file-backed mappings.
 *
 * Usage: java SmapsSummary /proc/PID/smaps  (or a saved copy)
 * Prints one line: "arena_kb=N arenas=N brk_kb=N other_anon_kb=N file_kb=N rss_kb=N".
 */
public final class SmapsSummary {
    /** glibc's HEAP_MAX_SIZE on 64-bit: 2 * DEFAULT_MMAP_THRESHOLD_MAX (32 MB). */
    private static final long ARENA_HEAP_BYTES = 64L << 20;

    record Mapping(long start, long end, String perms, String path, long rssKb) {
        boolean anonymous() {
            return path.isEmpty();
        }
    }

    public static void main(String[] args) throws IOException {
        List<Mapping> maps = parse(Files.readAllLines(Path.of(args[0])));
        long arenaKb = 0, brkKb = 0, otherAnonKb = 0, fileKb = 0, rssKb = 0;
        int arenas = 0;
        for (int i = 0; i < maps.size(); i++) {
            Mapping m = maps.get(i);
            rssKb += m.rssKb;
            if (m.anonymous() && m.start % ARENA_HEAP_BYTES == 0 && m.perms.startsWith("rw")) {
                // an arena heap: the committed front, then (unless it is full) its reserved PROT_NONE rest
                long end = m.end;
                Mapping rest = i + 1 < maps.size() ? maps.get(i + 1) : null;
                if (rest != null && rest.anonymous() && rest.start == m.end && rest.perms.startsWith("---")) end = rest.end;
                if (end - m.start == ARENA_HEAP_BYTES) {
                    arenas++;
                    arenaKb += m.rssKb;
                    if (end != m.end) {
                        rssKb += rest.rssKb;
                        i++;
                    }
                    continue;
                }
            }
            if (m.path.equals("[heap]")) brkKb += m.rssKb;
            else if (m.anonymous()) otherAnonKb += m.rssKb;
            else fileKb += m.rssKb;
        }
        System.out.printf("arena_kb=%d arenas=%d brk_kb=%d other_anon_kb=%d file_kb=%d rss_kb=%d%n",
                arenaKb, arenas, brkKb, otherAnonKb, fileKb, rssKb);
    }

    private static List<Mapping> parse(List<String> lines) {
        List<Mapping> maps = new ArrayList<>();
        long start = 0, end = 0;
        String perms = null, path = null;
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] f = line.trim().split("\\s+", 6);
                int dash = f[0].indexOf('-');
                start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
                end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
                perms = f[1];
                path = f.length > 5 ? f[5] : "";
            } else if (line.startsWith("Rss:") && perms != null) {
                maps.add(new Mapping(start, end, perms, path, Long.parseLong(line.replaceAll("\\D", ""))));
            }
        }
        return maps;
    }
}
