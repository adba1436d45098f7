# Sourced by run.sh and jit-diff.sh: what both need to know about src/BenchService.java's start.

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
