#!/usr/bin/env bash
# What one request costs the service's CPU when requests come at a scraper's pace (10/s) and when they come back to
# back, on kept-alive connections, after a warm-up: the host's /health and /metrics-copy (the agent's answer served
# by the host) beside the agent's /metrics and /debug/vars, and an idle stretch as the baseline of the JVM's own
# background work. One service JVM with the agent (pinned to CPU 0 as in run.sh), the client on CPU 1; thread CPU from
# /proc/PID/task/*/schedstat, so sub-millisecond costs are counted exactly rather than in 10 ms ticks.
#
#   bench/agent-overhead/paced-cost.sh JAR [ROUNDS]      # ROUNDS [2]: idle and the four paths take turns each round
#
# Output (src/paced_cpu.py): per path and pace, µs of CPU per request by thread group (medians over rounds) and the
# client's latency percentiles over all rounds.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
jar=$1 rounds=${2:-2}
WORK=${WORK:-/tmp/vigil-paced-cost}
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$HERE/src/BenchService.java"
command -v curl >/dev/null || { echo "missing curl" >&2; exit 1; }
. "$HERE/service.sh"
taskset -c 0 java -javaagent:"$jar"=port=0 -XX:+UseG1GC -Xms512m -Xmx512m -Dsun.net.httpserver.nodelay=true \
  -cp "$WORK/classes" BenchService 0 4 3600 >"$WORK/svc.out" 2>"$WORK/svc.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
svc_port=$(wait_for_ready "$pid" "$WORK/svc.out" "$WORK/svc.err")
agent=$(agent_port "$WORK/svc.err")
[[ -n $agent ]] || { echo "the agent did not start its server:" >&2; cat "$WORK/svc.err" >&2; exit 1; }
accept='application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1'   # what the client sends: Prometheus' Accept
put_metrics_copy "$agent" "$svc_port" "$WORK/metrics"
taskset -c 1 python3 "$HERE/src/paced_cpu.py" "$pid" "$svc_port" "$agent" "$rounds" "$accept"
