# Sourced by run.sh, jit-diff.sh, scrape-cost.sh and paced-cost.sh: what they need to know about src/BenchService.java's JVM.

# wait_for_ready PID OUT ERR: waits up to 20 s for the service's "READY <port>" line in its stdout file OUT and
# prints the port; if the process dies or the line does not come, prints why (with its stderr file ERR) on stderr
# and returns 1
wait_for_ready() {
  local pid=$1 out=$2 err=$3 port=""
  for _ in $(seq 1 200); do
    port=$(awk '/^READY/{print $2}' "$out" 2>/dev/null || true)
    [[ -n $port ]] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "service $out died:" >&2; cat "$err" >&2; return 1; }
    sleep 0.1
  done
  echo "service $out did not start in 20 s:" >&2; cat "$err" >&2
  return 1
}

# thread_cpu PID: one line per thread of PID, "name<TAB>utime+stime in clock ticks"; the name is the kernel's (15
# characters, and it may hold spaces, as "C2 CompilerThre" does: the fields are counted after the last ")")
thread_cpu() {
  local t comm stat
  for t in /proc/"$1"/task/*; do
    { read -r comm <"$t/comm"; stat=$(<"$t/stat"); } 2>/dev/null || continue
    set -- ${stat##*) }
    echo "$comm"$'\t'"$(( ${12} + ${13} ))"
  done
}

# agent_port ERR: the port of the debug server that the agent logged in the JVM's stderr file ERR (premain logs it
# before the service prints READY), or nothing
agent_port() {
  grep -o 'debug server on http://127.0.0.1:[0-9]*' "$1" | grep -o '[0-9]*$' || true
}

# put_metrics_copy AGENT_PORT SERVICE_PORT PREFIX: takes the agent's /metrics answer in OpenMetrics (as Prometheus asks
# for it) into PREFIX.head and PREFIX.body, and PUTs it with its content type to the service's /metrics-copy, which
# serves it from then on: a peer that costs a scraper what the agent's answer costs to read and parse
put_metrics_copy() {
  local agent=$1 service=$2 prefix=$3
  curl -s -H 'Accept: application/openmetrics-text; version=1.0.0' -D "$prefix.head" -o "$prefix.body" \
      "http://127.0.0.1:$agent/metrics"
  curl -s -X PUT -H "$(grep -i '^content-type:' "$prefix.head" | tr -d '\r')" --data-binary @"$prefix.body" \
      "http://127.0.0.1:$service/metrics-copy"
}
