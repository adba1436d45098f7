#!/usr/bin/env bash
# Leak-detection quality benchmark (issue 4). See README.md and /BENCHMARKS.md, "Leak detection quality (issue 4)".
#
#   bench/leak-scenarios/run.sh                      # full suite: 10 scenarios in parallel, 45 min
#   MINUTES=5 bench/leak-scenarios/run.sh            # smoke test (every verdict is still in warm-up: not meaningful)
#   SCENARIOS=static-map,bounded-cache bench/leak-scenarios/run.sh
#
# Parameters (env vars, defaults in brackets):
#   MINUTES [45]   how long every scenario runs; leaks are sized to exhaust in 60 min (slow-churn 80 min)
#   POLL [10]      seconds between polls of GET /debug/leaks
#   SCENARIOS [all ten]  comma-separated names (see `java -cp vigil.jar dev.vigil.demo.scenarios.Scenario`)
#   VIGIL_JAR      agent jar to use [built now with Maven, then copied into the results dir]
#   SKIP_BUILD [0] 1: do not run Maven, copy the existing cli/target/vigil.jar
#   WORK           scratch dir [/tmp/vigil-bench]; results go to $WORK/leaks-<time>/
#   JAVA [java]    the JVM the scenarios run on
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/vigil-bench}
MINUTES=${MINUTES:-45}
POLL=${POLL:-10}
JAVA=${JAVA:-java}
SCENARIOS=${SCENARIOS:-static-map,listener,thread,classloader,direct-buffer,slow-churn,bounded-cache,sawtooth,elastic-pool,soft-cache}

for tool in "$JAVA" mvn; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

RES="$WORK/leaks-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RES"
if [[ -z ${VIGIL_JAR:-} ]]; then
  if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    (cd "$REPO" && mvn -q -B -pl core,pprof,hprof,agent,demo,cli -am install -DskipTests)
  fi
  cp "$REPO/cli/target/vigil.jar" "$RES/vigil.jar"   # others rebuild it at any moment: run a copy
  VIGIL_JAR="$RES/vigil.jar"
fi
if command -v unzip >/dev/null && ! unzip -l "$VIGIL_JAR" dev/vigil/demo/scenarios/Scenario.class >/dev/null 2>&1; then
  echo "$VIGIL_JAR has no dev/vigil/demo/scenarios/Scenario.class (old or half-written jar?)" >&2; exit 1
fi

COMMIT=$(git -C "$REPO" log -1 --format=%h 2>/dev/null || echo unknown)
DIRTY=$(git -C "$REPO" status --porcelain -- agent core 2>/dev/null | wc -l)
{
  echo "Vigil leak-detection quality benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit $COMMIT (uncommitted changes under agent/core: $DIRTY files), jar sha256 $(sha256sum "$VIGIL_JAR" | cut -c1-12)"
  echo "machine: $(nproc) CPUs, $(lscpu | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2}'), $(free -g | awk '/Mem:/{print $2}') GB;" \
       "$("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "scenarios: $SCENARIOS; $MINUTES min each, in parallel; poll every ${POLL}s; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RES/summary.txt"

# LeakBench starts every JVM, stops every one of them at the end (and from its shutdown hook if interrupted),
# and writes results.md; each scenario also exits by itself 2 minutes after MINUTES.
"$JAVA" "$HERE/src/LeakBench.java" "$VIGIL_JAR" "$RES" "$MINUTES" "$POLL" "$JAVA" "$SCENARIOS" | tee -a "$RES/summary.txt"
echo "results: $RES/results.md (per-poll /debug/leaks in $RES/<scenario>.leaks.jsonl)"
