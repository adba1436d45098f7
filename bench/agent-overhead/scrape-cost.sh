#!/usr/bin/env bash
# What a service JVM spends on the first N requests to one path, by thread, while its JIT is still learning the path:
# the compilers, the server threads that answer, the rest. For each path a fresh src/BenchService.java JVM with the
# agent (pinned to CPU 0 as in run.sh, curl on CPU 1), then N requests one after the other, a connection each, as a
# scraper sends them; the median latency of every batch of 50 beside. The paths take turns, round by round.
#
#   bench/agent-overhead/scrape-cost.sh JAR [N] [ROUNDS]      # N [300] requests per path (a multiple of 50), ROUNDS [3]
#
# Paths: the host's own /health (what the JDK server costs a trivial answer), the agent's /metrics and /debug/vars.
# Output, per round and path: "ms of CPU by thread group" (from /proc/PID/task/*/stat before and after) and the batch
# medians; at the end the median over rounds of each path's total and compiler CPU per request.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
jar=$1 n=${2:-300} rounds=${3:-3}
((n > 0 && n % 50 == 0)) || { echo "N must be a multiple of 50 (the requests go in batches of 50)" >&2; exit 1; }
WORK=${WORK:-/tmp/vigil-scrape-cost}
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$HERE/src/BenchService.java"
command -v curl >/dev/null || { echo "missing curl" >&2; exit 1; }
. "$HERE/service.sh"
hz=$(getconf CLK_TCK)

# group_cpu PID: "group ticks" per thread group, sorted by group
group_cpu() {
  thread_cpu "$1" | awk -F'\t' '{
      g = "other"
      if ($1 ~ /^C[12] Compiler/) g = "jit-compilers"
      else if ($1 ~ /^vigil-http/) g = "agent-http-workers"       # its acceptor too
      else if ($1 ~ /^bench-worker/) g = "host-http-workers"
      else if ($1 == "HTTP-Dispatcher") g = "http-dispatchers"   # the JDK server of the host (and of the agent before its own server)
      s[g] += $2
    } END {for (g in s) print g, s[g]}' | sort
}

: >"$WORK/totals.tsv"
for round in $(seq "$rounds"); do
  for path in /health /metrics /debug/vars; do
    taskset -c 0 java -javaagent:"$jar"=port=0 -XX:+UseG1GC -Xms512m -Xmx512m -cp "$WORK/classes" \
      BenchService 0 4 600 >"$WORK/svc.out" 2>"$WORK/svc.err" &
    pid=$!
    svc_port=$(wait_for_ready "$pid" "$WORK/svc.out" "$WORK/svc.err")
    port=$([[ $path == /health ]] && echo "$svc_port" || agent_port "$WORK/svc.err")
    [[ -n $port ]] || { echo "the agent did not start its server:" >&2; cat "$WORK/svc.err" >&2; exit 1; }
    sleep 3   # the agent's start-up done
    group_cpu "$pid" >"$WORK/before"
    medians=""
    for ((done = 0; done < n; done += 50)); do
      m=$(for _ in $(seq 50); do
            taskset -c 1 curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"
          done | sort -g | sed -n 25p)
      medians+=" $(awk -v s="$m" 'BEGIN {printf "%.1f", s * 1000}')"
    done
    group_cpu "$pid" >"$WORK/after"
    kill "$pid"; wait "$pid" 2>/dev/null || true
    # "group ms" spent over the requests (a group first seen after them started from 0)
    join -a2 -e0 -o 2.1,1.2,2.2 "$WORK/before" "$WORK/after" | awk -v hz="$hz" '{print $1, ($3 - $2) * 1000 / hz}' \
      >"$WORK/spent"
    echo "round $round $path, $n requests: ms of CPU by thread group:" \
      "$(awk '{t += $2; printf "%s %d, ", $1, $2} END {printf "total %d", t}' "$WORK/spent")"
    echo "  median ms per batch of 50:$medians"
    awk -v p="$path" -v n="$n" '{t += $2; if ($1 == "jit-compilers") j = $2} END {printf "%s\t%.2f\t%.2f\n", p, t / n, j / n}' \
      "$WORK/spent" >>"$WORK/totals.tsv"
  done
done
echo "median over $rounds rounds, ms of CPU per request (all threads; of which the JIT compilers):"
for path in /health /metrics /debug/vars; do
  awk -F'\t' -v p="$path" '$1 == p {print $2 "\t" $3}' "$WORK/totals.tsv" | sort -g |
    awk -F'\t' -v p="$path" '{t[NR] = $1; j[NR] = $2} END {printf "  %-12s %.2f (JIT %s)\n", p, t[int((NR + 1) / 2)], j[int((NR + 1) / 2)]}'
done
