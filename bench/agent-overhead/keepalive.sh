#!/usr/bin/env bash
# Back-to-back requests over one kept-alive connection (curl with several URLs), the pattern in which Nagle's
# algorithm and the client's delayed ACK add ~40 ms to every answer sent as headers + body in two writes.
#
#   bench/agent-overhead/keepalive.sh JAR [JAR...]     # each jar in turn, ROUNDS times, interleaved
#
# For each jar: an idle JVM with -javaagent:JAR=port=P (no -Dsun.net.httpserver.nodelay), then per endpoint
# 20 requests back to back on one curl connection; prints the median, min and max of the last 15 and how many
# of them needed a new connection. ROUNDS [2].
set -eu
ROUNDS=${ROUNDS:-2}
command -v curl >/dev/null || { echo "missing curl" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(30_000); } }\n' \
  > "$TMP/Idle.java"
javac -d "$TMP" "$TMP/Idle.java"
port=6170
for round in $(seq "$ROUNDS"); do
  for jar in "$@"; do
    port=$((port + 1))
    java "-javaagent:$jar=port=$port" -cp "$TMP" Idle >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/debug/vars" && break; sleep 0.1; done
    echo "round $round, $jar"
    for path in /debug/vars /metrics; do
      args=(); for _ in $(seq 20); do args+=(-o /dev/null "http://127.0.0.1:$port$path"); done
      curl -s -w '%{time_total} %{num_connects}\n' "${args[@]}" | tail -15 | sort -g \
        | awk -v p="$path" '{t[NR]=$1; c+=$2} END {printf "  %s median %.1f ms (min %.1f, max %.1f), new connections %d of %d\n", p, t[int((NR+1)/2)]*1000, t[1]*1000, t[NR]*1000, c, NR}'
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
