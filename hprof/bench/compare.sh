#!/usr/bin/env bash
# Before/after comparison of `vigil analyze` on one mixed dump: the hprof module of BASE_REV against the working
# tree, interleaved run by run (base, current, base, current, ...) so that the machine's load falls on both alike.
#
# Usage: hprof/bench/compare.sh BASE_REV [SIZE_MB]        (default size 1000)
# Environment: ROUNDS (pairs, default 5), BENCH_DIR (default /tmp/vigil-hprof-bench; dumps are shared with
#   run-benchmark.sh), XMX_FACTOR (-Xmx in percent of the dump, default 45, as run-benchmark.sh),
#   ANALYZE_JAVA_OPTS (default: what ./vigil gives the heap dump commands, -XX:+UseParallelGC -XX:GCTimeRatio=19).
# Output: round, build, wall_s, peak RssAnon MiB, exit code, load average; then the medians per build.
# BASE_REV is built once in a git worktree under BENCH_DIR and reused; `git worktree prune` after deleting it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:?usage: hprof/bench/compare.sh BASE_REV [SIZE_MB]}
SIZE=${2:-1000}
ROUNDS=${ROUNDS:-5}
ANALYZE_JAVA_OPTS=${ANALYZE_JAVA_OPTS:--XX:+UseParallelGC -XX:GCTimeRatio=19}
OUT=${BENCH_DIR:-/tmp/vigil-hprof-bench}
mkdir -p "$OUT"
TREE="$OUT/base-$(git rev-parse --short "$BASE")"
if [ ! -d "$TREE/hprof/target/test-classes" ]; then
  rm -rf "$TREE"
  git worktree add -f --detach "$TREE" "$BASE" >/dev/null
  (cd "$TREE" && mvn -q -B -pl hprof -am test-compile)   # reactor build, nothing installed into ~/.m2
fi
mvn -q -B -pl hprof -am test-compile
mvn -q -B -pl hprof dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test
DEPS=$(cat "$OUT/cp.txt")
CURRENT_CP="hprof/target/classes:hprof/target/test-classes:$DEPS"
BASE_CP="$TREE/hprof/target/classes:$TREE/hprof/target/test-classes:$DEPS"
dump="$OUT/mixed-$SIZE.hprof"
[ -f "$dump" ] || java -Xmx$((SIZE * 4))m -cp "$CURRENT_CP" dev.vigil.hprof.BenchmarkDumpGenerator "$dump" "$SIZE"
bytes=$(stat -L -c %s "$dump")   # -L: a symlinked dump counts by its target's size
xmx=$(( bytes * ${XMX_FACTOR:-45} / 100 / 1048576 )); [ "$xmx" -lt 96 ] && xmx=96   # as run-benchmark.sh
echo "# $(date -u +%FT%TZ) base $BASE vs working tree at $(git log -1 --format=%h); $dump ($bytes bytes); $ANALYZE_JAVA_OPTS -Xmx${xmx}m"
results="$OUT/compare-$SIZE.tsv"
: > "$results"
cat "$dump" > /dev/null   # warm the page cache
for round in $(seq "$ROUNDS"); do
  for build in base current; do
    cp=$BASE_CP; [ "$build" = current ] && cp=$CURRENT_CP
    load=$(cut -d' ' -f1 /proc/loadavg)
    code=0
    log=$( { /usr/bin/time -f "TIME %e" java $ANALYZE_JAVA_OPTS "-Xmx${xmx}m" -cp "$cp" dev.vigil.hprof.BenchmarkMain analyze "$dump" \
      > /dev/null; } 2>&1 ) || code=$?
    wall=$(echo "$log" | awk '/^TIME/ {print $2}')
    anon=$(echo "$log" | sed -n 's/.*peak RssAnon \([0-9]*\) MB.*/\1/p')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$build" "$wall" "${anon:--}" "$code" "$load" | tee -a "$results"
  done
done
for build in base current; do
  awk -v b="$build" -v bytes="$bytes" '$2 == b && $5 == 0 {w[++n] = $3; a[n] = $4}
    END {if (!n) {print b ": no run completed"; exit}
         for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
           if (w[j] < w[i]) {t = w[i]; w[i] = w[j]; w[j] = t}; if (a[j] < a[i]) {t = a[i]; a[i] = a[j]; a[j] = t}}
         m = int((n + 1) / 2); wm = w[m]; am = a[m]
         if (n % 2 == 0) {wm = (w[m] + w[m + 1]) / 2; am = (a[m] + a[m + 1]) / 2}
         printf "%s: %d runs, median wall %.2f s (%.0f MB/s), median peak anon %d MiB (%.3fx the dump)\n",
           b, n, wm, bytes / 1e6 / wm, am, am * 1048576 / bytes}' "$results"
done
