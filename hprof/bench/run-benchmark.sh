#!/usr/bin/env bash
# Benchmarks Vigil's heap-dump analysis against `cat` (page-cache read rate), LeakCanary's Shark 2.14
# (full dominator tree with retained sizes, ObjectDominators) and VisualVM's heap library
# (org.graalvm.visualvm.lib.jfluid.heap: retained sizes via getBiggestObjectsByRetainedSize), on
# mixed heaps made by BenchmarkDumpGenerator, interleaved round by round.
#
# Usage: hprof/bench/run-benchmark.sh [SIZE_MB...]           (default: 200 1000)
# Environment: RUNS (rounds, default 3), PEER_RUNS (rounds that include the peers, default RUNS),
#   PEER_TIMEOUT (seconds per peer run, default 900), BENCH_DIR (default /tmp/vigil-hprof-bench),
#   XMX_FACTOR (Vigil's -Xmx in percent of the dump, default 45), ANALYZE_JAVA_OPTS for Vigil's JVMs
#   (default: what ./vigil gives the heap dump commands, -XX:+UseParallelGC -XX:GCTimeRatio=19),
#   VISUALVM_JAR (default: found with dpkg -L visualvm; `apt-get install -y visualvm`), KEEP_DUMPS=1.
# Output: one line per measurement in $BENCH_DIR/results-SIZES.tsv
#   size_mb tool round wall_s max_rss_mb rss_anon_mb exit
# (max_rss from /usr/bin/time includes the mapped dump pages; rss_anon is the peak RssAnon sampled by
# BenchmarkMain: Java heap + native, without file pages) and medians in $BENCH_DIR/summary-SIZES.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
PEER_RUNS=${PEER_RUNS:-$RUNS}
PEER_TIMEOUT=${PEER_TIMEOUT:-900}
ANALYZE_JAVA_OPTS=${ANALYZE_JAVA_OPTS:--XX:+UseParallelGC -XX:GCTimeRatio=19}
SIZES=(${@:-200 1000})
OUT=${BENCH_DIR:-/tmp/vigil-hprof-bench}
mkdir -p "$OUT"
VISUALVM_JAR=${VISUALVM_JAR:-$(dpkg -L visualvm 2>/dev/null | grep 'jfluid-heap.jar$' | head -1 || true)}
# reactor build, nothing installed into ~/.m2
mvn -q -B -pl hprof -am test-compile
mvn -q -B -pl hprof dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test
CP="hprof/target/classes:hprof/target/test-classes:$(cat "$OUT/cp.txt")${VISUALVM_JAR:+:$VISUALVM_JAR}"
TAG=$(IFS=-; echo "${SIZES[*]}")
RESULTS="$OUT/results-$TAG.tsv"
: > "$RESULTS"
{
  echo "# $(date -u +%FT%TZ) commit $(git log -1 --format=%h 2>/dev/null || echo '?') (working tree may be dirty)"
  echo "# nproc $(nproc); $(lscpu | grep 'Model name' | sed 's/  */ /g'); $(java -version 2>&1 | head -1)"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg); Vigil's JVM options: $ANALYZE_JAVA_OPTS"
} | tee "$OUT/machine-$TAG.txt"

# run TOOL SIZE ROUND TIMEOUT CMD...: appends one line to results.tsv
run() {
  local tool=$1 size=$2 round=$3 limit=$4
  shift 4
  local log="$OUT/last-$tool.log" code=0
  /usr/bin/time -f "TIME %e %M" timeout "$limit" "$@" > /dev/null 2> "$log" || code=$?
  local wall rss anon
  wall=$(awk '/^TIME/ {print $2}' "$log" | tail -1)
  rss=$(awk '/^TIME/ {printf "%d", $3 / 1024}' "$log" | tail -1)
  anon=$(sed -n 's/.*peak RssAnon \([0-9]*\) MB.*/\1/p' "$log" | tail -1)
  if [ "$code" = 124 ]; then wall="timeout>$limit"; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$round" "$wall" "$rss" "${anon:--}" "$code" | tee -a "$RESULTS"
  { grep -v '^TIME' "$log" || true; } | tail -2 | sed 's/^/    /'
}

for size in "${SIZES[@]}"; do
  dump="$OUT/mixed-$size.hprof"
  if [ ! -f "$dump" ]; then
    java -Xmx$((size * 4))m -cp "$CP" dev.vigil.hprof.BenchmarkDumpGenerator "$dump" "$size"
  fi
  bytes=$(stat -L -c %s "$dump")   # -L: a symlinked dump counts by its target's size
  echo "# dump $dump: $bytes bytes ($((bytes / 1000000)) MB)" | tee -a "$OUT/machine-$TAG.txt"
  # heap for Vigil's analysis: 0.45 x the dump (what hprof/README.md tells users to give it; the 1 GB
  # dump completes down to about 0.42 x). A larger -Xmx only lets the collector keep garbage: with 1.4 x, as in
  # runs before 2026-11-27 03:00, the peak is ~50 MB higher for the same live data. At least 96 MB for small
  # dumps (the 208 MB dump completes at -Xmx96m with Parallel; G1 needs more). XMX_FACTOR (percent) overrides the 45.
  xmx=$(( bytes * ${XMX_FACTOR:-45} / 100 / 1048576 )); [ "$xmx" -lt 96 ] && xmx=96
  for round in $(seq "$RUNS"); do
    cat "$dump" > /dev/null  # warm the page cache
    run cat "$size" "$round" 600 cat "$dump"
    run histo "$size" "$round" 600 java $ANALYZE_JAVA_OPTS -Xmx256m -cp "$CP" dev.vigil.hprof.BenchmarkMain histo "$dump"
    run analyze "$size" "$round" 900 java $ANALYZE_JAVA_OPTS -Xmx${xmx}m -cp "$CP" dev.vigil.hprof.BenchmarkMain analyze "$dump"
    if [ "$round" -le "$PEER_RUNS" ]; then
      run shark "$size" "$round" "$PEER_TIMEOUT" java -Xmx12g -cp "$CP" dev.vigil.hprof.BenchmarkMain shark "$dump"
      if [ -n "$VISUALVM_JAR" ]; then
        rm -rf "$dump.hwcache"  # VisualVM caches its index next to the dump: every run must parse
        run visualvm "$size" "$round" "$PEER_TIMEOUT" java -Xmx12g -cp "$CP" dev.vigil.hprof.BenchmarkMain visualvm "$dump"
      fi
    fi
  done
  rm -rf "$dump.hwcache"
  [ "${KEEP_DUMPS:-0}" = 1 ] || rm -f "$dump"
done

# medians per size and tool (timeouts sort last), throughput in MB/s (10^6 bytes)
python3 - "$RESULTS" "$OUT/machine-$TAG.txt" > "$OUT/summary-$TAG.tsv" <<'EOF'
import sys, re, statistics, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
sizes = {m.group(1): int(m.group(2)) for m in re.finditer(r'mixed-(\d+)\.hprof: (\d+) bytes', open(sys.argv[2]).read())}
by = collections.defaultdict(list)
for size, tool, rnd, wall, rss, anon, code in rows:
    by[(size, tool)].append((wall, rss, anon, code))
print("size_mb\ttool\truns\tmedian_wall_s\tmedian_max_rss_mb\tmedian_rss_anon_mb\tMB_per_s")
for (size, tool), runs in by.items():
    done = [r for r in runs if not r[0].startswith('timeout') and r[3] == '0']
    if not done:
        print(f"{size}\t{tool}\t{len(runs)}\t{runs[0][0]}\t-\t-\t-")
        continue
    wall = statistics.median(float(r[0]) for r in done)
    rss = statistics.median(int(r[1]) for r in done)
    anon = [int(r[2]) for r in done if r[2] != '-']
    mbps = sizes.get(size, 0) / 1e6 / wall if wall > 0 else float('inf')
    print(f"{size}\t{tool}\t{len(done)}/{len(runs)}\t{wall:.2f}\t{rss}\t{statistics.median(anon) if anon else '-'}\t{mbps:.0f}")
EOF
column -t "$OUT/summary-$TAG.tsv"
