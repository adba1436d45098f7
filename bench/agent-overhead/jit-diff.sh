#!/usr/bin/env bash
# Where the agent changes the JIT's inlining in the service's hot code (issue 2's throughput investigation).
# Runs the benchmark service under wrk three times, each a fresh JVM with -XX:+LogCompilation: A without the agent,
# A again (how much two identical runs differ), B with the agent at defaults; then src/inlining_diff.py prints the
# call sites that B's compiled code calls out of (does not inline) more often than A's, and the same for A' against
# A as the yardstick. See BENCHMARKS.md, "Where the overhead went". Last, src/compile_profile.py prints the profile
# C2 compiled StringBuilder's ensureCapacityInternal from in each run: the share of calls that grew the array, which
# the agent's start-up once filled (BENCHMARKS.md, "The leak monitor built at its first evaluation").
#
#   bench/agent-overhead/jit-diff.sh            # 60 s of load per run, ~4 min in all
#   SECONDS_PER_RUN=30 ROWS=20 VIGIL_JAR=/path/vigil.jar bench/agent-overhead/jit-diff.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/service.sh"
WORK=${WORK:-/tmp/vigil-bench}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}; ROWS=${ROWS:-25}; HEAP=${HEAP:-512m}
for tool in java javac wrk taskset python3; do
  command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
RES="$WORK/jit-diff-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RES/classes"
if [[ -z ${VIGIL_JAR:-} ]]; then
  cp "$REPO/cli/target/vigil.jar" "$RES/vigil.jar"
  VIGIL_JAR="$RES/vigil.jar"
fi
javac -d "$RES/classes" "$HERE"/src/*.java

run() { # NAME [jvm args...]: the service on CPU 0 under wrk on CPU 1, its compilation log in $RES/NAME.xml
  local name=$1 pid port; shift
  taskset -c 0 java -XX:+UseG1GC "-Xms$HEAP" "-Xmx$HEAP" -Dsun.net.httpserver.nodelay=true \
      -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation "-XX:LogFile=$RES/$name.xml" "$@" \
      -cp "$RES/classes" BenchService 0 4 $((SECONDS_PER_RUN + 120)) >"$RES/$name.out" 2>"$RES/$name.err" &
  pid=$!
  port=$(wait_for_ready $pid "$RES/$name.out" "$RES/$name.err") || { kill $pid 2>/dev/null; exit 1; }
  taskset -c 1 wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" -s "$HERE/src/catalog.lua" "http://127.0.0.1:$port" >"$RES/$name.wrk"
  kill $pid; wait $pid 2>/dev/null || true
  echo "$name: $(awk '/^Requests\/sec/{print $2}' "$RES/$name.wrk") requests/s"
}

{
  echo "jit-diff $(date -u '+%F %H:%M') UTC, jar sha256 $(sha256sum "$VIGIL_JAR" | cut -c1-12), ${SECONDS_PER_RUN} s of wrk per run"
  run A
  run A2
  run B "-javaagent:$VIGIL_JAR=port=0"
  echo; echo "== B against A: call sites B's code does not inline more often than A's"
  python3 "$HERE/src/inlining_diff.py" "$RES/A.xml" "$RES/B.xml" "$ROWS"
  echo; echo "== A2 against A (two runs without the agent: the run-to-run difference)"
  python3 "$HERE/src/inlining_diff.py" "$RES/A.xml" "$RES/A2.xml" "$ROWS"
  echo; echo "== the profile C2 compiled AbstractStringBuilder.ensureCapacityInternal from (not taken: the array grew)"
  python3 "$HERE/src/compile_profile.py" "$RES/A.xml" "$RES/A2.xml" "$RES/B.xml"
} | tee "$RES/summary.txt"
echo "results in $RES (summary.txt; the compilation logs are large: delete them when done)"
