#!/usr/bin/env bash
# Agent-overhead benchmark for Vigil (issue 2). See README.md and /BENCHMARKS.md, section "Agent overhead (issue 2)".
#
#   bench/agent-overhead/run.sh            # full run (~25 min with the defaults below; WARMUP=30 is steadier)
#   QUICK=1 bench/agent-overhead/run.sh    # smoke test, under 2 minutes; figures are not meaningful
#   SKIP="1 3" FOOT_ROUNDS=5 FOOT_BASE_JAR=/path/base.jar bench/agent-overhead/run.sh
#                                          # footprint only, 5 rounds, this jar against a base jar side by side
#
# Parameters (env vars, defaults in brackets):
#   VIGIL_JAR      agent jar to measure [a fresh copy of cli/target/vigil.jar into $WORK]
#   WORK           scratch dir [/tmp/vigil-bench]; results go to $WORK/results-<time>/
#   ROUNDS [6] DURATION [25] WARMUP [10] CONNS [16]   part 1: rounds of A/B/C, measured s, warm-up s, wrk connections
#   CONFIGS ["A B C"]  part 1 configurations: A no agent, B -javaagent at defaults, C JFR settings=default,
#                  L no agent at start, `vigil attach` after the warm-up (separates start-up effects such as type
#                  profiles polluted by the agent's premain from the agent's steady work); every configuration gets
#                  the same warm-up, then SETTLE [10] more seconds of load (L: after attaching) before measuring;
#                  with BASE_JAR also Bbase, B with that jar (a before/after in the same rounds); E an empty
#                  -javaagent (src/EmptyAgent.java: what having an agent at all costs); P vigil.jar with only its
#                  probes (server.enabled=false,leak.enabled=false: the sampling rounds without the debug server and
#                  the leak detectors); S an agent that only builds strings in its premain (src/StringBuilderProfileAgent.java,
#                  S_OPTIONS [builders=1000]: 4 StringBuilder calls per builder, a quarter of them growing the array:
#                  the JIT profile a start-up leaves, without the rest of an agent);
#                  X any JVM options, given in X_ARGS
#                  (an experiment without editing this script)
#   TOGETHER [0]   part 1: 1 runs a round's configurations at the same time (their JVMs all up, each under its own
#                  wrk, the services sharing the service CPU), instead of one after the other: on a machine whose
#                  other tenants take a varying share of the CPU (steal time), they then take it from every
#                  configuration alike, and the per-round ratios compare JVMs that saw the same machine
#   IDLE_BEFORE_LOAD [0]  part 1: seconds each service JVM idles between its READY line and the warm-up load (the
#                  JIT finishes compiling the agent's start-up before the service's own code gets hot)
#   WINDOWS [1]    part 1: measured windows of DURATION s one after the other per JVM; the figures are the last
#                  window's, and with more than one the summary adds each window's medians of per-round ratios to A
#                  (how the agent's cost changes as the JVMs age: is it start-up JIT that ends, or steady)
#   (part 1 output) besides the summary: part1-windows.tsv (every window), part1-pooled.tsv (each JVM's windows
#                  pooled), and per JVM `jcmd Compiler.codelist` and `PerfCounter.print`, taken after its measured
#                  windows (p1-rR-CFG.codelist, .perf)
#   PERF [0]       part 1: 1 samples the service CPU with Linux perf (cpu-clock, 499 Hz) over every JVM of a group in
#                  the last measured window; JIT code is named through `jcmd Compiler.perfmap`. Per JVM a flat profile
#                  by thread, library and symbol (p1-rR-CFG.profile); src/perf_profile.py compares configurations
#   HEAP [512m]    -Xms/-Xmx of the service (G1 forced: a 1-CPU JVM would otherwise pick Serial)
#   PIN [1]        1: service on CPU 0, load generators on CPU 1 (taskset); 0: no pinning
#   FOOT_SECONDS [150] FOOT_INTERVAL [100ms] FOOT_RATE [50]   part 2: run time, sampling.interval, background req/s
#   FOOT_PRETOUCH [1]  part 2: -XX:+AlwaysPreTouch on the service JVMs (see the comment in part 2)
#   FOOT_ROUNDS [1]    part 2: rounds, fresh JVMs each; the summary gives medians over rounds of each JVM minus FA
#   FOOT_BASE_JAR [""] part 2: also run FB and FD with this jar (FBbase, FDbase) in every round, for before/after
#   JFR_SECONDS [20]  part 2: length of the JFR recording that attributes the agent threads' allocation and CPU
#   SCRAPE_SECONDS [60] SCRAPE_RATE [10] BG_RATES ["0 100"]  part 3: time, scrapes/s per endpoint, background req/s
#                  (one service JVM per background rate; the four paths, SCRAPE_PEER and copy-/metrics of the host and
#                  the agent's two, take turns within every period)
#   SCRAPE_CLIENTS ["prometheus socket jdk"]  part 3: clients, one after the other on the same JVM: prometheus =
#                  a Prometheus server scraping the four paths (its scrape_duration_seconds; /health and /debug/vars,
#                  which are not metrics text, fail to parse, which Prometheus times all the same), socket = a plain blocking
#                  socket per request (src/RateClient.java -Dclient=socket), jdk = java.net.http's HttpClient
#   SCRAPE_WARMUP [5000]  part 3: requests per path sent back to back before those clients (as many as a scraper
#                  at 10/s sends in about 8 minutes), so that they see the steady state
#   SCRAPE_COLD_CLIENTS ["prometheus socket"]  part 3: clients measured before that warm-up, one after the other
#                  from the service's start (labelled cold-<client>): the first sees the service's first minute
#   SCRAPE_ROUNDS [1]  part 3: rounds, a fresh service JVM per round and background rate; with more than one the
#                  summary adds, per client and endpoint, the median p99 over rounds and the median of each pass's p99
#                  minus its peer's in the same pass (src/scrape_stats.py)
#   SCRAPE_PEER [/health]  part 3: the host's endpoint measured beside the agent's; /health-close answers the same
#                  and ends the connection, as the agent's server did before it had its own (for older jars). The
#                  peer of the agent's /metrics is copy-/metrics: the host's /metrics-copy, serving the agent's
#                  answer as taken at the service's start (Prometheus' scrape_duration_seconds includes parsing and
#                  storing the samples, which a trivial endpoint does not have)
#   SKIP [""]      parts to skip, e.g. SKIP="2 3"
set -eu   # no pipefail: a grep that finds nothing inside a summary pipeline must not end the run

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
. "$HERE/service.sh"
WORK=${WORK:-/tmp/vigil-bench}
QUICK=${QUICK:-0}
ROUNDS=${ROUNDS:-6}; DURATION=${DURATION:-25}; WARMUP=${WARMUP:-10}; CONNS=${CONNS:-16}
CONFIGS=${CONFIGS:-A B C}; TOGETHER=${TOGETHER:-0}; SETTLE=${SETTLE:-10}; WINDOWS=${WINDOWS:-1}
IDLE_BEFORE_LOAD=${IDLE_BEFORE_LOAD:-0}
HEAP=${HEAP:-512m}; PIN=${PIN:-1}; SERVICE_THREADS=${SERVICE_THREADS:-4}
FOOT_SECONDS=${FOOT_SECONDS:-150}; FOOT_INTERVAL=${FOOT_INTERVAL:-100ms}; FOOT_RATE=${FOOT_RATE:-50}
SCRAPE_SECONDS=${SCRAPE_SECONDS:-60}; SCRAPE_RATE=${SCRAPE_RATE:-10}; BG_RATES=${BG_RATES:-0 100}
SCRAPE_CLIENTS=${SCRAPE_CLIENTS:-prometheus socket jdk}; SCRAPE_WARMUP=${SCRAPE_WARMUP:-5000}
SCRAPE_COLD_CLIENTS=${SCRAPE_COLD_CLIENTS:-prometheus socket}; SCRAPE_ROUNDS=${SCRAPE_ROUNDS:-1}; SCRAPE_PEER=${SCRAPE_PEER:-/health}
FOOT_PRETOUCH=${FOOT_PRETOUCH:-1}; FOOT_ROUNDS=${FOOT_ROUNDS:-1}; FOOT_BASE_JAR=${FOOT_BASE_JAR:-}
JFR_SECONDS=${JFR_SECONDS:-20}; SKIP=${SKIP:-}; PERF=${PERF:-0}
if [[ $QUICK == 1 ]]; then
  ROUNDS=1; DURATION=4; WARMUP=3; SETTLE=2; FOOT_SECONDS=10; JFR_SECONDS=3; SCRAPE_SECONDS=4; SCRAPE_WARMUP=200; BG_PAD=2
fi

[[ -n ${SCRAPE_COLD_CLIENTS// /} ]] || { echo "SCRAPE_COLD_CLIENTS must name at least one client" >&2; exit 1; }
for tool in java javac jar jcmd wrk awk $([[ $PERF == 1 ]] && echo perf); do
  command -v $tool >/dev/null ||
    { echo "missing $tool (apt-get install -y wrk for wrk, linux-perf for perf)" >&2; exit 1; }
done
if [[ $PIN == 1 ]] && command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  SVC_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1)
else
  SVC_CPU=(); LOAD_CPU=()
fi

mkdir -p "$WORK"
RES="$WORK/results-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RES"
JAR_ORIGIN="copied from cli/target/vigil.jar at HEAD"
if [[ -z ${VIGIL_JAR:-} ]]; then
  cp "$REPO/cli/target/vigil.jar" "$RES/vigil.jar"   # others rebuild it at any moment: measure a copy
  VIGIL_JAR="$RES/vigil.jar"
else
  JAR_ORIGIN="VIGIL_JAR=$VIGIL_JAR; HEAD now is"     # the jar may come from an older commit: note it yourself
fi
if command -v unzip >/dev/null && ! unzip -tq "$VIGIL_JAR" >/dev/null 2>&1; then
  echo "$VIGIL_JAR is not a valid jar (copied mid-rebuild?); try again or set VIGIL_JAR" >&2; exit 1
fi
COMMIT=$(git -C "$REPO" log -1 --format=%h 2>/dev/null || echo unknown)
DIRTY=$(git -C "$REPO" status --porcelain -- agent core pprof cli 2>/dev/null | wc -l)
JAR_SHA=$(sha256sum "$VIGIL_JAR" | cut -c1-12)

CLASSES="$WORK/classes"
mkdir -p "$CLASSES"
javac -d "$CLASSES" "$HERE"/src/*.java

# Every JVM we start exits by itself (BenchService's maxSeconds); this also stops them if we are interrupted.
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

JVM_COMMON=(-XX:+UseG1GC "-Xms$HEAP" "-Xmx$HEAP" -Dsun.net.httpserver.nodelay=true)

# start_service NAME MAX_SECONDS [jvm args...]; sets SVC_PID SVC_PORT AGENT_PORT
start_service() {
  local name=$1 max=$2; shift 2
  local out="$RES/$name.out" err="$RES/$name.err"
  "${SVC_CPU[@]}" java "${JVM_COMMON[@]}" "$@" -cp "$CLASSES" BenchService 0 "$SERVICE_THREADS" "$max" \
      >"$out" 2>"$err" &
  SVC_PID=$!
  PIDS+=("$SVC_PID")
  SVC_PORT=$(wait_for_ready "$SVC_PID" "$out" "$err") || exit 1
  AGENT_PORT=$(agent_port "$err")
}

stop_service() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# wrk latency value ("812.00us", "3.21ms", "1.02s") -> ms
to_ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else if (v ~ /m$/) {sub(/m$/,"",v); print v*60000} else {sub(/s$/,"",v); print v*1000} }'; }

# per-thread CPU ticks of PID, grouped: vigil (vigil-*, prometheus-*), notif (JVM threads running GC listeners),
# gc, jit, app (everything else); prints "group ticks" lines plus "total ticks"
thread_ticks() {
  thread_cpu "$1" | awk -F'\t' '{g="app"; if ($1 ~ /^(vigil|prometheus|idle-timeout)/) g="vigil"; else if ($1 ~ /^JFR/) g="jfr"; else if ($1 ~ /^(Notification|Service Thread)/) g="notif";
    else if ($1 ~ /^(GC Thread|G1 )/) g="gc"; else if ($1 ~ /^(C1|C2) Compiler/) g="jit"; s[g]+=$2; tot+=$2}
    END{for (k in s) print k, s[k]; print "total", tot}'
}

# prometheus_scrapes DIR: a Prometheus server (on the load CPU) scrapes the service's SCRAPE_PEER and /metrics-copy and
# the agent's /metrics and /debug/vars SCRAPE_RATE times a second for 10 + SCRAPE_SECONDS s; prints percentiles of its
# scrape_duration_seconds over the last SCRAPE_SECONDS per path, in RateClient's format
prometheus_scrapes() {
  local dir=$1 interval_ms=$((1000 / SCRAPE_RATE)) web_port prom job q v ms line sel
  command -v prometheus >/dev/null || { echo "prometheus not installed (apt-get install -y prometheus)"; return 0; }
  mkdir -p "$dir"
  cat >"$dir/prometheus.yml" <<EOF
global: {scrape_interval: ${interval_ms}ms, scrape_timeout: ${interval_ms}ms}
scrape_configs:
  - {job_name: "peer-$SCRAPE_PEER", metrics_path: $SCRAPE_PEER, static_configs: [{targets: ["127.0.0.1:$SVC_PORT"]}]}
  - {job_name: "/metrics", metrics_path: /metrics, static_configs: [{targets: ["127.0.0.1:$AGENT_PORT"]}]}
  - {job_name: "/debug/vars", metrics_path: /debug/vars, static_configs: [{targets: ["127.0.0.1:$AGENT_PORT"]}]}
  - {job_name: "copy-/metrics", metrics_path: /metrics-copy, static_configs: [{targets: ["127.0.0.1:$SVC_PORT"]}]}
EOF
  web_port=$(( 20000 + RANDOM % 20000 ))
  "${LOAD_CPU[@]}" timeout $((SCRAPE_SECONDS + 60)) prometheus --config.file="$dir/prometheus.yml" \
      --storage.tsdb.path="$dir/data" --web.listen-address="127.0.0.1:$web_port" --log.level=warn 2>"$dir/prometheus.log" &
  prom=$!; PIDS+=($prom)
  sleep $((SCRAPE_SECONDS + 10))
  for job in "${EP_LABELS[@]}"; do
    sel="scrape_duration_seconds{job=\"$job\"}[${SCRAPE_SECONDS}s]"; line=$job
    for q in "count_over_time($sel)" "quantile_over_time(0.5,$sel)" "quantile_over_time(0.9,$sel)" \
             "quantile_over_time(0.99,$sel)" "max_over_time($sel)"; do
      v=$(curl -s --data-urlencode "query=$q" "http://127.0.0.1:$web_port/api/v1/query" | python3 -c \
          'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "nan")' 2>/dev/null)
      ms=$(awk -v v="$v" 'BEGIN{printf "%.3f", v*1000}')
      case $q in
        count*) line+=" n=${v:-nan}" ;;
        *0.5,*) line+=" p50_ms=$ms" ;;
        *0.9,*) line+=" p90_ms=$ms" ;;
        *0.99,*) line+=" p99_ms=$ms" ;;
        max*) line+=" max_ms=$ms" ;;
      esac
    done
    echo "$line"
  done
  kill "$prom" 2>/dev/null; wait "$prom" 2>/dev/null || true
}

# ratios_to TSV CONFIG OTHER: CONFIG's value (column 3) over OTHER's in the same round (column 1), one per line
ratios_to() {
  awk -F'\t' -v c="$2" -v o="$3" '$1 ~ /^[0-9]+$/ {v[$1,$2]=$3; r[$1]=1}
    END{for (i in r) if (v[i,o]>0 && v[i,c]>0) print v[i,c]/v[i,o]}' "$1"
}
# report_ratios WHAT TSV CONFIG OTHER: "median of per-round WHAT ratios CONFIG/OTHER: m   (rounds: ...)"
report_ratios() {
  local r; r=$(ratios_to "$2" "$3" "$4")
  echo "median of per-round $1 ratios $3/$4: $(printf '%s' "$r" | median)   (rounds: $(printf '%s' "$r" | awk '{printf "%.3f ", $1}'))"
}

# back_to_back CLIENT LABEL URL N: N requests to URL one after another, quietly (RateClient at a rate it cannot keep)
back_to_back() {
  "${LOAD_CPU[@]}" timeout 120 java "-Dclient=$1" -cp "$CLASSES" RateClient "$2" "$3" 100000 \
      "$(awk -v n="$4" 'BEGIN{print n / 100000}')" 0 1
}

median() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2} }'; }

SUMMARY="$RES/summary.txt"
{
  echo "Vigil agent-overhead benchmark  $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "jar $JAR_ORIGIN $COMMIT (uncommitted changes under agent/core/pprof/cli: $DIRTY files), jar sha256 $JAR_SHA"
  echo "machine: $(nproc) CPUs, $(lscpu | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2}'), $(free -g | awk '/Mem:/{print $2}') GB;" \
       "$(java -version 2>&1 | sed -n 2p)"
  echo "pinning: ${SVC_CPU[*]:-none} (service) / ${LOAD_CPU[*]:-none} (load); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "service JVM: ${JVM_COMMON[*]}, $SERVICE_THREADS worker threads"
} | tee "$SUMMARY"

# ---------------------------------------------------------------- part 1: throughput and p99 under wrk load
if [[ " $SKIP " != *" 1 "* ]]; then
  read -r -a ORDER <<<"$CONFIGS"
  NCFG=${#ORDER[@]}
  echo; echo "== part 1: $ROUNDS $([[ $TOGETHER == 1 ]] && echo "rounds, each running all of" || echo "interleaved rounds of") ${ORDER[*]}, wrk -t1 -c$CONNS, ${WARMUP}s + ${SETTLE}s warm-up + $WINDOWS x ${DURATION}s measured, ${IDLE_BEFORE_LOAD}s idle before the load" | tee -a "$SUMMARY"
  declare -A CFG_ARGS
  CFG_ARGS[A]=""
  CFG_ARGS[B]="-javaagent:$VIGIL_JAR=port=0"
  CFG_ARGS[C]="-XX:StartFlightRecording=settings=default -XX:FlightRecorderOptions=repository=$RES/jfr-repo"
  CFG_ARGS[L]=""
  CFG_ARGS[P]="-javaagent:$VIGIL_JAR=server.enabled=false,leak.enabled=false"
  if [[ " $CONFIGS " == *" X "* ]]; then
    [[ -n ${X_ARGS:-} ]] || { echo "config X needs X_ARGS='<JVM options>'" >&2; exit 1; }
    CFG_ARGS[X]=$X_ARGS
    echo "X: $X_ARGS" | tee -a "$SUMMARY"
  fi
  if [[ " $CONFIGS " == *" E "* ]]; then
    printf 'Premain-Class: EmptyAgent\n' >"$RES/empty-agent.mf"
    jar --create --file "$RES/empty-agent.jar" --manifest "$RES/empty-agent.mf" -C "$CLASSES" EmptyAgent.class
    CFG_ARGS[E]="-javaagent:$RES/empty-agent.jar"
  fi
  if [[ " $CONFIGS " == *" S "* ]]; then
    printf 'Premain-Class: StringBuilderProfileAgent\n' >"$RES/string-agent.mf"
    jar --create --file "$RES/string-agent.jar" --manifest "$RES/string-agent.mf" -C "$CLASSES" StringBuilderProfileAgent.class
    CFG_ARGS[S]="-javaagent:$RES/string-agent.jar=${S_OPTIONS:-builders=1000}"
    echo "S: ${CFG_ARGS[S]}" | tee -a "$SUMMARY"
  fi
  if [[ " $CONFIGS " == *" Bbase "* ]]; then
    [[ -f ${BASE_JAR:-} ]] || { echo "config Bbase needs BASE_JAR=/path/to/an/agent.jar" >&2; exit 1; }
    CFG_ARGS[Bbase]="-javaagent:$BASE_JAR=port=0"
    echo "Bbase: B with BASE_JAR=$BASE_JAR (sha256 $(sha256sum "$BASE_JAR" | cut -c1-12))" | tee -a "$SUMMARY"
  fi
  mkdir -p "$RES/jfr-repo"
  TSV="$RES/part1.tsv"
  echo -e "round\tconfig\trps\tp50_ms\tp99_ms\terrors" >"$TSV"
  # Each round runs its configurations in groups: one configuration per group (one JVM after the other), or with
  # TOGETHER=1 one group of all of them, their JVMs up at the same time, each under its own wrk, so that what the
  # other tenants of the machine take in a window they take from every configuration alike
  # p1_load CFG SECONDS OUT [wrk args...]: wrk against CFG's service for SECONDS s, its report in OUT
  p1_load() {
    local cfg=$1 seconds=$2 out=$3; shift 3
    "${LOAD_CPU[@]}" wrk -t1 -c"$CONNS" -d"${seconds}s" "$@" -s "$HERE/src/catalog.lua" \
        "http://127.0.0.1:${P1_PORT[$cfg]}/" >"$out" 2>&1
  }
  # p1_phase R SECONDS SUFFIX CFG...: load on each CFG's service at the same time for SECONDS s; reports in
  # p1-rR-CFG.SUFFIX
  p1_phase() {
    local r=$1 seconds=$2 suffix=$3 cfg loads=(); shift 3
    ((seconds > 0)) || return 0   # wrk refuses -d0s
    for cfg in "$@"; do p1_load "$cfg" "$seconds" "$RES/p1-r$r-$cfg.$suffix" & loads+=($!); done
    wait "${loads[@]}"   # not a bare wait: the service JVMs are this shell's background jobs too
  }
  # p1_window R CFG W: the files' common path of window W; the ones before the last are p1-rR-CFG.wN.{wrk,ticks0,
  # ticks1}, the last is p1-rR-CFG.{wrk,ticks0,ticks1}
  p1_window() { if (($3 == WINDOWS - 1)); then echo "$RES/p1-r$1-$2"; else echo "$RES/p1-r$1-$2.w$3"; fi; }
  # p1_windows R CFG...: the measured windows, each CFG's in the same window
  p1_windows() {
    local r=$1 w cfg win loads pids; shift
    for ((w = 0; w < WINDOWS; w++)); do
      for cfg in "$@"; do thread_ticks "${P1_PID[$cfg]}" >"$(p1_window "$r" "$cfg" "$w").ticks0"; done
      loads=()
      for cfg in "$@"; do
        p1_load "$cfg" "$DURATION" "$(p1_window "$r" "$cfg" "$w").wrk" --latency &
        loads+=($!)
      done
      if [[ $PERF == 1 ]] && ((w == WINDOWS - 1)); then   # inside the window: a second at each end left out
        sleep 1
        pids=$(for cfg in "$@"; do printf '%s,' "${P1_PID[$cfg]}"; done)
        "${LOAD_CPU[@]}" perf record -q -e cpu-clock -F 499 -p "${pids%,}" -o "$RES/p1-r$r.perf.data" \
            -- sleep $((DURATION - 2)) 2>"$RES/p1-r$r.perf.err" ||
          echo "perf record failed: see $RES/p1-r$r.perf.err" >&2
      fi
      wait "${loads[@]}"
      for cfg in "$@"; do
        win=$(p1_window "$r" "$cfg" "$w")
        thread_ticks "${P1_PID[$cfg]}" >"$win.ticks1"
        echo -e "$r\t$cfg\t$w\t$(awk '/requests in/{print $1}' "$win.wrk")\t$(awk '$1=="total"{t[FILENAME]=$2} END{print t[ARGV[1]] - t[ARGV[2]]}' "$win.ticks1" "$win.ticks0")\t$(awk '/^Requests\/sec/{print $2}' "$win.wrk")" >>"$RES/part1-windows.tsv"
      done
    done
  }
  # p1_finish R CFG: after the measurement, so it cannot disturb it, what the JIT compiled (C2 code sizes) and the
  # JVM's counters (GCs, compilations, safepoints), to tell a slow JVM of a configuration from a fast one of the
  # same; then the JVM stops and its last window's figures go to part1.tsv
  p1_finish() {
    local r=$1 cfg=$2 pid=${P1_PID[$2]} f="$RES/p1-r$1-$2" rps p50 p99 errs
    "${LOAD_CPU[@]}" jcmd "$pid" Compiler.codelist >"$f.codelist" 2>&1 || true
    "${LOAD_CPU[@]}" jcmd "$pid" PerfCounter.print >"$f.perf" 2>&1 || true
    if [[ $PERF == 1 && -s $RES/p1-r$r.perf.data ]]; then   # the JIT's code is still where perf saw it
      "${LOAD_CPU[@]}" jcmd "$pid" Compiler.perfmap >/dev/null 2>&1 || true
      "${LOAD_CPU[@]}" perf report -i "$RES/p1-r$r.perf.data" --pid "$pid" --sort comm,dso,sym -n --stdio \
          >"$f.profile" 2>/dev/null || true
      rm -f "/tmp/perf-$pid.map"
    fi
    if [[ $cfg == L ]] && ! grep -q 'debug server on' "$f.err"; then
      echo "config L: the attached agent did not start its server" >&2; cat "$f.err" >&2; exit 1
    fi
    stop_service "$pid"
    # CPU share of each thread group over the measured window
    awk 'NR==FNR{a[$1]=$2; next} {d[$1]=$2-a[$1]} END{t=d["total"]; printf "total_ticks=%d", t; for (k in d) if (k!="total") printf " %s=%.3f%%", k, (t>0? 100*d[k]/t : 0); print ""}' \
        "$f.ticks0" "$f.ticks1" >"$f.cpushare"
    rps=$(awk '/^Requests\/sec/{print $2}' "$f.wrk")
    p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$f.wrk")")
    p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$f.wrk")")
    errs=$(awk '/Non-2xx|Socket errors/{n++} END{print n+0}' "$f.wrk")
    echo -e "$r\t$cfg\t$rps\t$p50\t$p99\t$errs" | tee -a "$TSV"
  }
  declare -A P1_PID P1_PORT
  for ((r = 0; r < ROUNDS; r++)); do
    round=()   # rotated, so that no configuration always comes (or, TOGETHER=1, starts) first
    for ((k = 0; k < NCFG; k++)); do round+=("${ORDER[$(( (r + k) % NCFG ))]}"); done
    if [[ $TOGETHER == 1 ]]; then groups=("${round[*]}"); else groups=("${round[@]}"); fi
    for group in "${groups[@]}"; do
      read -r -a cfgs <<<"$group"
      for cfg in "${cfgs[@]}"; do
        # shellcheck disable=SC2086
        start_service "p1-r$r-$cfg" $((IDLE_BEFORE_LOAD + WARMUP + SETTLE + WINDOWS * DURATION + 60 + 10 * ${#cfgs[@]})) \
            ${CFG_ARGS[$cfg]}
        if [[ $cfg == B* && -z $AGENT_PORT ]]; then echo "agent did not start its server" >&2; cat "$RES/p1-r$r-$cfg.err" >&2; exit 1; fi
        P1_PID[$cfg]=$SVC_PID; P1_PORT[$cfg]=$SVC_PORT
      done
      sleep "$IDLE_BEFORE_LOAD"
      p1_phase "$r" "$WARMUP" warmup "${cfgs[@]}"
      if [[ " ${cfgs[*]} " == *" L "* ]]; then   # config L gets the agent now, after its warm-up
        "${LOAD_CPU[@]}" java -jar "$VIGIL_JAR" attach "${P1_PID[L]}" port=0 >"$RES/p1-r$r-L.attach" 2>&1 ||
          { echo "vigil attach failed:" >&2; cat "$RES/p1-r$r-L.attach" >&2; exit 1; }
      fi
      p1_phase "$r" "$SETTLE" settle "${cfgs[@]}"
      p1_windows "$r" "${cfgs[@]}"
      for cfg in "${cfgs[@]}"; do p1_finish "$r" "$cfg"; done
    done
  done
  rm -rf "$RES/jfr-repo"
  {
    echo
    printf '%-34s %10s %10s %10s %8s %8s\n' config "median rps" "median p50" "median p99" "rps/A" "p99/A"
    mA=$(awk -F'\t' '$2=="A"{print $3}' "$TSV" | median); pA=$(awk -F'\t' '$2=="A"{print $5}' "$TSV" | median)
    for cfg in "${ORDER[@]}"; do
      m=$(awk -F'\t' -v c=$cfg '$2==c{print $3}' "$TSV" | median)
      p50=$(awk -F'\t' -v c=$cfg '$2==c{print $4}' "$TSV" | median)
      p=$(awk -F'\t' -v c=$cfg '$2==c{print $5}' "$TSV" | median)
      case $cfg in A) label="A no agent";; B) label="B -javaagent:vigil.jar (defaults)";; C) label="C JFR settings=default";;
        L) label="L vigil attach after warm-up";; Bbase) label="Bbase B with BASE_JAR";;
        E) label="E empty -javaagent";; P) label="P vigil.jar, probes only";; X) label="X with X_ARGS";;
        S) label="S start-up strings only";; esac
      printf '%-34s %10.1f %8.2fms %8.2fms %8.3f %8.3f\n' "$label" "$m" "$p50" "$p" "$(awk -v a="$m" -v b="$mA" 'BEGIN{print a/b}')" "$(awk -v a="$p" -v b="$pA" 'BEGIN{print a/b}')"
    done
    # per-round ratios (each round has all three configs back to back, so drift cancels)
    for cfg in "${ORDER[@]}"; do
      [[ $cfg == A ]] || report_ratios rps "$TSV" "$cfg" A
    done
    if [[ " $CONFIGS " == *" B "* && " $CONFIGS " == *" C "* ]]; then report_ratios rps "$TSV" B C; fi
    if [[ " $CONFIGS " == *" B "* && " $CONFIGS " == *" Bbase "* ]]; then
      report_ratios rps "$TSV" B Bbase
    fi
    # noise-robust view: share of the service process's CPU spent in each thread group during the measured window
    for cfg in "${ORDER[@]}"; do
      line="$cfg CPU share (median over rounds):"
      for g in vigil jfr notif gc jit app; do
        m=$(cat "$RES"/p1-r*-"$cfg".cpushare 2>/dev/null | { grep -o " $g=[0-9.]*" || true; } | cut -d= -f2 | median)
        line+=" $g=$m%"
      done
      echo "$line"
    done
    # service CPU per request (on-CPU ticks of the service process / requests in the measured window): does not
    # depend on how much CPU the other tenants left the service, which is what moves req/s most on a shared machine
    hz=$(getconf CLK_TCK)
    for r in $(seq 0 $((ROUNDS - 1))); do
      for cfg in "${ORDER[@]}"; do
        f="$RES/p1-r$r-$cfg.wrk"
        n=$(awk '/requests in/{print $1}' "$f"); t=$(grep -o 'total_ticks=[0-9]*' "${f%.wrk}.cpushare" | cut -d= -f2)
        awk -v r="$r" -v c="$cfg" -v n="$n" -v t="$t" -v hz="$hz" 'BEGIN{ if (n > 0) printf "%s\t%s\t%.6f\n", r, c, t / hz * 1000 / n }'
      done
    done >"$RES/part1-cpu.tsv"
    for cfg in "${ORDER[@]}"; do
      awk -F'\t' -v c="$cfg" '$2==c{print $3}' "$RES/part1-cpu.tsv" | median |
        awk -v c="$cfg" '{printf "%s service CPU per request (median over rounds): %.4f ms\n", c, $1}'
    done
    for cfg in "${ORDER[@]}"; do
      [[ $cfg == A ]] || report_ratios CPU-per-request "$RES/part1-cpu.tsv" "$cfg" A
    done
    if [[ " $CONFIGS " == *" B "* && " $CONFIGS " == *" Bbase "* ]]; then
      report_ratios CPU-per-request "$RES/part1-cpu.tsv" B Bbase
    fi
    # each JVM's windows pooled (all its requests over all its ticks): the steadiest figure a run gives per round;
    # columns round, config, requests, CPU ticks per request (src/round_stats.py reads it too)
    pooled="$RES/part1-pooled.tsv"
    awk -F'\t' '$1 ~ /^[0-9]+$/ {n[$1"\t"$2]+=$4; t[$1"\t"$2]+=$5} END{for (k in n) if (n[k] > 0) print k"\t"n[k]"\t"t[k]/n[k]}' \
        "$RES/part1-windows.tsv" | sort >"$pooled"
    if ((WINDOWS > 1)); then
      echo "by window (seconds of load since the start of the warm-up), medians of per-round ratios to A: rps, CPU per request"
      for ((w = 0; w < WINDOWS; w++)); do
        line="  $((WARMUP + SETTLE + w * DURATION))-$((WARMUP + SETTLE + (w + 1) * DURATION)) s:"
        for cfg in "${ORDER[@]}"; do
          [[ $cfg == A ]] && continue
          # columns: round config window requests ticks rps
          rq=$(awk -F'\t' -v w="$w" '$3==w{print $1"\t"$2"\t"$6}' "$RES/part1-windows.tsv" | ratios_to /dev/stdin "$cfg" A | median)
          cpu=$(awk -F'\t' -v w="$w" '$3==w && $4>0{print $1"\t"$2"\t"$5/$4}' "$RES/part1-windows.tsv" | ratios_to /dev/stdin "$cfg" A | median)
          line+=" $cfg/A $(printf '%.3f %.3f' "$rq" "$cpu")"
        done
        echo "$line"
      done
      for cfg in "${ORDER[@]}"; do
        [[ $cfg == A ]] && continue
        report_ratios "requests (windows pooled)" "$pooled" "$cfg" A
        report_ratios "CPU-per-request (windows pooled)" <(cut -f1,2,4 "$pooled") "$cfg" A
      done
    fi
  } | tee -a "$SUMMARY"
fi

# ---------------------------------------------------------------- part 2: footprint
# fp_measure NAME PID: one line of KEY=VALUE readings after a forced GC, then the same JVM after glibc has handed
# its free malloc memory back (System.trim_native_heap; diagnostic, the host is not changed otherwise)
fp_measure() {
  local name=$1 pid=$2 f="$RES/fp-$1"
  jcmd "$pid" GC.run >/dev/null
  sleep 1
  local rss heap nmt nmt_malloc hist arr threads classes smaps rss_trim
  rss=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status")
  cp "/proc/$pid/smaps" "$f.smaps"
  jcmd "$pid" GC.heap_info >"$f.heapinfo"
  heap=$(grep -o 'used [0-9]*K' "$f.heapinfo" | head -1 | grep -o '[0-9]*')
  jcmd "$pid" VM.native_memory summary >"$f.nmt"
  nmt=$(awk '/^Total:/{for(i=1;i<=NF;i++) if ($i ~ /^committed=/){sub(/committed=/,"",$i); sub(/KB/,"",$i); print $i}}' "$f.nmt")
  # live malloc'd bytes NMT knows of (JDK 17 prints no total): the sum of the categories' malloc= figures
  nmt_malloc=$(grep -o 'malloc=[0-9]*KB' "$f.nmt" | tr -dc '0-9\n' | awk '{s+=$1} END{print s+0}')
  jcmd "$pid" GC.class_histogram >"$f.histo"
  hist=$(awk '$4 ~ /^dev\.vigil/{b+=$3; n+=$2} END{printf "%d", b/1024}' "$f.histo")
  arr=$(awk '$4=="[J" || $4=="[D"{b+=$3} END{printf "%d", b/1024}' "$f.histo")
  classes=$(jcmd "$pid" PerfCounter.print | awk -F= '/^java.cls.loadedClasses=/{l=$2} /^java.cls.sharedLoadedClasses=/{s=$2} END{print l+s}')
  threads=$(ls "/proc/$pid/task" | wc -l)
  smaps=$(java -cp "$CLASSES" SmapsSummary "$f.smaps" | sed 's/ rss_kb=[0-9]*//')
  jcmd "$pid" System.trim_native_heap >"$f.trim" 2>&1 || true
  sleep 1
  rss_trim=$(awk '/^VmRSS/{print $2}' "/proc/$pid/status")
  local cats="" c
  for c in Metaspace Class Symbol Code Thread "Arena Chunk" Other Internal; do
    cats+=" nmt_$(tr 'A-Z ' 'a-z_' <<<"$c")_kb=$(nmt_cat "$f.nmt" "$c")"
  done
  echo "$name rss_kb=$rss rss_trimmed_kb=$rss_trim heap_used_kb=$heap nmt_committed_kb=$nmt nmt_malloc_kb=$nmt_malloc $smaps" \
       "vigil_classes_kb=$hist long_double_arrays_kb=$arr threads=$threads classes=$classes$cats"
}
nmt_cat() { # file category -> committed KB
  awk -v c="$2" '$0 ~ "^-[ ]+"c" \\(" {for(i=1;i<=NF;i++) if ($i ~ /committed=/){s=$i; sub(/.*committed=/,"",s); sub(/KB.*/,"",s); print s; exit}}' "$1"
}
# fp_get FILE CONFIG KEY -> value (one line per config in FILE)
fp_get() { grep "^$2 " "$1" | grep -o " $3=[0-9]*" | cut -d= -f2; }
if [[ " $SKIP " != *" 2 "* ]]; then
  FP_CONFIGS=(FA FB FD)
  [[ -n $FOOT_BASE_JAR ]] && FP_CONFIGS+=(FBbase FDbase)
  echo; echo "== part 2: footprint after ${FOOT_SECONDS}s at ${FOOT_RATE} req/s, $FOOT_ROUNDS round(s), pretouch=$FOOT_PRETOUCH;" \
       "FA no agent, FB agent sampling.interval=$FOOT_INTERVAL, FD agent defaults (3s)" \
       "${FOOT_BASE_JAR:+; FBbase/FDbase the same with FOOT_BASE_JAR=$FOOT_BASE_JAR (sha256 $(sha256sum "$FOOT_BASE_JAR" | cut -c1-12))}" | tee -a "$SUMMARY"
  NMT=(-XX:NativeMemoryTracking=summary)
  # With a fixed heap that is not pre-touched, how much of it is resident depends on how far each JVM's eden has
  # been walked, which differs by tens of MB between identical JVMs; pre-touching makes all heaps fully resident so
  # the RSS difference is what the agent adds outside the heap, and the heap-used difference is reported beside it.
  [[ $FOOT_PRETOUCH == 1 ]] && NMT+=(-XX:+AlwaysPreTouch)
  declare -A FP_ARGS FP_PID FP_PORT FP_AGENT
  FP_ARGS[FA]=""
  FP_ARGS[FB]="-javaagent:$VIGIL_JAR=port=0,sampling.interval=$FOOT_INTERVAL"
  FP_ARGS[FD]="-javaagent:$VIGIL_JAR=port=0"
  FP_ARGS[FBbase]="-javaagent:$FOOT_BASE_JAR=port=0,sampling.interval=$FOOT_INTERVAL"
  FP_ARGS[FDbase]="-javaagent:$FOOT_BASE_JAR=port=0"
  FP_TSV="$RES/part2.tsv"; : >"$FP_TSV"; : >"$RES/part2.txt"
  for ((r = 0; r < FOOT_ROUNDS; r++)); do
    LOADERS=()
    for ((k = 0; k < ${#FP_CONFIGS[@]}; k++)); do   # start order rotates, all JVMs of a round run side by side
      cfg=${FP_CONFIGS[$(( (r + k) % ${#FP_CONFIGS[@]} ))]}
      # shellcheck disable=SC2086
      start_service "fp-r$r-$cfg" $((FOOT_SECONDS + 180)) "${NMT[@]}" ${FP_ARGS[$cfg]}
      FP_PID[$cfg]=$SVC_PID; FP_PORT[$cfg]=$SVC_PORT; FP_AGENT[$cfg]=$AGENT_PORT
    done
    for cfg in "${FP_CONFIGS[@]}"; do
      p=${FP_PORT[$cfg]}
      "${LOAD_CPU[@]}" timeout $((FOOT_SECONDS + 60)) java -cp "$CLASSES" RateClient "load-$p" \
          "http://127.0.0.1:$p/api/catalog?user=$p&count=250&sort=name&q=a" "$FOOT_RATE" "$FOOT_SECONDS" 10 1 &
      LOADERS+=($!); PIDS+=($!)
    done
    early=$((FOOT_SECONDS / 6)); sleep "$early"
    [[ $r == 0 ]] && fp_measure "FB-early(${early}s)" "${FP_PID[FB]}" | tee "$RES/part2-early.txt"
    sleep $((FOOT_SECONDS - early))
    for l in "${LOADERS[@]}"; do wait "$l" || true; done
    # measured before anyone asks the agent anything: what sampling alone keeps; then after one /metrics and one
    # /debug/vars request (those load the exposition and JSON code), trimmed again so that it compares with the
    # trimmed readings (glibc would otherwise keep the memory churned while loading those classes)
    for cfg in "${FP_CONFIGS[@]}"; do
      line=$(fp_measure "$cfg" "${FP_PID[$cfg]}")
      scraped=""
      if [[ -n ${FP_AGENT[$cfg]} ]]; then
        curl -s "http://127.0.0.1:${FP_AGENT[$cfg]}/metrics" >/dev/null || true
        curl -s "http://127.0.0.1:${FP_AGENT[$cfg]}/debug/vars" >"$RES/fp-r$r-$cfg-vars.json" || true
        jcmd "${FP_PID[$cfg]}" GC.run >/dev/null
        jcmd "${FP_PID[$cfg]}" System.trim_native_heap >/dev/null 2>&1 || true
        sleep 1
        scraped=" rss_scraped_trimmed_kb=$(awk '/^VmRSS/{print $2}' "/proc/${FP_PID[$cfg]}/status")"
      else
        scraped=" rss_scraped_trimmed_kb=$(fp_get <(echo "$line") "$cfg" rss_trimmed_kb)"
      fi
      echo "$line$scraped" | tee -a "$RES/part2.txt"
      echo "$r $line$scraped" >>"$FP_TSV"
      for x in smaps nmt heapinfo histo trim; do mv "$RES/fp-$cfg.$x" "$RES/fp-r$r-$cfg.$x"; done
    done
    if ((r < FOOT_ROUNDS - 1)); then
      for cfg in "${FP_CONFIGS[@]}"; do stop_service "${FP_PID[$cfg]}"; done
    fi
  done
  FB=${FP_PID[FB]}; FD=${FP_PID[FD]}; FA=${FP_PID[FA]}; FB_PORT=${FP_PORT[FB]}; FD_PORT=${FP_PORT[FD]}
  last=$((FOOT_ROUNDS - 1))
  {
    samples=$(grep -o '"samples" : [0-9]*' "$RES/fp-r$last-FB-vars.json" | head -1 | grep -o '[0-9]*$' || echo "?")
    series=$(grep -o '"series" : [0-9]*' "$RES/fp-r$last-FB-vars.json" | head -1 | grep -o '[0-9]*$' || echo "?")
    cap=$(grep -o '"series_capacity_points" : [0-9]*' "$RES/fp-r$last-FB-vars.json" | head -1 | grep -o '[0-9]*$' || echo "?")
    echo "FB: $samples samples per probe series (1200 = one hour at 3 s), $series series, at most $cap points each (arrays start at 256 and double)"
    # per round, each agent JVM minus the FA of the same round; medians over rounds (MB, threads and classes as counts)
    fp_delta_median() { # CONFIG KEY [divisor] -> "median (r0 r1 ...)"
      local cfg=$1 key=$2 div=${3:-1024}
      awk -v c="$cfg" -v k="$key" -v d="$div" '
        { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[$1, $2, kv[1]] = kv[2] } rounds[$1] = 1 }
        END { n = 0; for (r in rounds) if (v[r, c, k] != "" && v[r, "FA", k] != "") x[++n] = (v[r, c, k] - v[r, "FA", k]) / d
              for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
              m = n == 0 ? "nan" : (n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2)
              s = ""; for (i = 1; i <= n; i++) s = s sprintf(" %.1f", x[i])
              printf "%+.1f (%s)", m, substr(s, 2) }' "$FP_TSV"
    }
    echo "medians over $FOOT_ROUNDS round(s) of (config - FA of the same round), MB; the sorted per-round values in brackets:"
    for cfg in "${FP_CONFIGS[@]:1}"; do
      echo "$cfg: RSS $(fp_delta_median "$cfg" rss_kb); RSS after trim $(fp_delta_median "$cfg" rss_trimmed_kb);" \
           "after one /metrics + /debug/vars, trimmed $(fp_delta_median "$cfg" rss_scraped_trimmed_kb)"
      echo "     heap used $(fp_delta_median "$cfg" heap_used_kb); NMT committed $(fp_delta_median "$cfg" nmt_committed_kb);" \
           "NMT malloc $(fp_delta_median "$cfg" nmt_malloc_kb); malloc arenas (RSS) $(fp_delta_median "$cfg" arena_kb);" \
           "other anonymous $(fp_delta_median "$cfg" other_anon_kb); files $(fp_delta_median "$cfg" file_kb)"
      echo "     NMT metaspace $(fp_delta_median "$cfg" nmt_metaspace_kb), class $(fp_delta_median "$cfg" nmt_class_kb)," \
           "symbol $(fp_delta_median "$cfg" nmt_symbol_kb), code $(fp_delta_median "$cfg" nmt_code_kb)," \
           "thread $(fp_delta_median "$cfg" nmt_thread_kb), arena chunk $(fp_delta_median "$cfg" nmt_arena_chunk_kb);" \
           "classes $(fp_delta_median "$cfg" classes 1), threads $(fp_delta_median "$cfg" threads 1)"
    done
    echo "FA (medians): RSS $(awk '$2=="FA"{print $3}' "$FP_TSV" | cut -d= -f2 | median | awk '{printf "%.1f", $1/1024}') MB," \
         "classes $(awk '$2=="FA"' "$FP_TSV" | grep -o ' classes=[0-9]*' | cut -d= -f2 | median)"
    echo "agent's own objects in FB, round $last (GC.class_histogram | grep dev.vigil, top 8):"
    awk '$4 ~ /^dev\.vigil/ && n++ < 8 {print "  " $0}' "$RES/fp-r$last-FB.histo"
  } | tee -a "$SUMMARY"
  cat "$RES/part2-early.txt" "$RES/part2.txt" >>"$SUMMARY"
  # where the agent's threads spend allocation and CPU (JFR profile settings, 20 s, while idle-ish at FOOT_RATE)
  for x in "FA $FA" "FB $FB"; do
    set -- $x
    { jcmd "$2" Thread.print || true; } | awk -F'"' '/^"/{print $2}' | sed 's/[0-9]*$//' | sort >"$RES/fp-$1.threads"
  done
  echo "threads in FB but not FA: $(comm -13 "$RES/fp-FA.threads" "$RES/fp-FB.threads" | tr '\n' ' ' || true)" | tee -a "$SUMMARY"
  for x in "FB $FB $FB_PORT" "FD $FD $FD_PORT"; do
    set -- $x
    jcmd "$2" JFR.start name=vigilthreads settings=profile duration=${JFR_SECONDS}s filename="$RES/threads-$1.jfr" >/dev/null
  done
  LOADERS=()
  for p in $FB_PORT $FD_PORT; do
    "${LOAD_CPU[@]}" timeout 60 java -cp "$CLASSES" RateClient "load-$p" "http://127.0.0.1:$p/api/catalog?user=$p&count=250" "$FOOT_RATE" "$JFR_SECONDS" 0 1 &
    LOADERS+=($!); PIDS+=($!)
  done
  sleep $((JFR_SECONDS + 3))
  for x in FB FD; do
    echo "JFR (settings=profile) on $x, agent threads and the JVM thread that runs the GC listener:" | tee -a "$SUMMARY"
    java -cp "$CLASSES" JfrThreads "$RES/threads-$x.jfr" vigil | tee -a "$SUMMARY" || true
  done
  for cfg in "${FP_CONFIGS[@]}"; do stop_service "${FP_PID[$cfg]}"; done
fi

# ---------------------------------------------------------------- part 3: scrape latency
# scrape_pass BG CLIENT: CLIENT (prometheus, socket or jdk; cold-<client> is the same client, labelled) requests the
# paths of EP_LABELS/EP_URLS at SCRAPE_RATE for SCRAPE_SECONDS; its percentiles go to part3.txt
scrape_pass() {
  local bg=$1 client=$2
  if [[ ${client#cold-} == prometheus ]]; then
    prometheus_scrapes "$RES/$P3-$client"
  else
    "${LOAD_CPU[@]}" timeout $((SCRAPE_SECONDS * 2 + 90)) java "-Dclient=${client#cold-}" -cp "$CLASSES" RateClient \
        "$(IFS=,; echo "${EP_LABELS[*]}")" "$(IFS=,; echo "${EP_URLS[*]}")" "$SCRAPE_RATE" "$SCRAPE_SECONDS" 30
  fi | sed "s|^|${ROUND_TAG}bg=$bg client=$client |" | tee -a "$RES/part3.txt"
}
if [[ " $SKIP " != *" 3 "* ]]; then
  for ((SCRAPE_ROUND = 0; SCRAPE_ROUND < SCRAPE_ROUNDS; SCRAPE_ROUND++)); do
    # with rounds, their lines are tagged "round=N " and their files p3-rN-...
    ROUND_TAG=""; ((SCRAPE_ROUNDS == 1)) || ROUND_TAG="round=$SCRAPE_ROUND "
    for bg in $BG_RATES; do
      P3="p3-${ROUND_TAG:+r$SCRAPE_ROUND-}bg$bg"   # the files of this round and rate
      echo; echo "== part 3: ${SCRAPE_RATE}/s per endpoint for ${SCRAPE_SECONDS}s, the four paths taking turns (30 warm-up requests each not counted), service under ${bg} req/s background load, agent at defaults; clients cold-* from the service's start on, the others after $SCRAPE_WARMUP more requests per path" | tee -a "$SUMMARY"
      read -r -a cold <<<"$SCRAPE_COLD_CLIENTS"
      clients=("${cold[@]/#/cold-}" $SCRAPE_CLIENTS)
      total=$(( (SCRAPE_SECONDS + 10) * ${#clients[@]} + 60 + ${BG_PAD:-5} ))
      start_service "$P3" $((total + 60)) "-javaagent:$VIGIL_JAR=port=0" "-Xlog:gc:file=$RES/$P3-gc.log" \
          "-Xlog:safepoint:file=$RES/$P3-safepoint.log:uptime"
      BG=""
      if [[ $bg != 0 ]]; then
        "${LOAD_CPU[@]}" timeout $((total + 30)) java -cp "$CLASSES" RateClient bg \
            "http://127.0.0.1:$SVC_PORT/api/catalog?user=7&count=250&sort=price&q=e" "$bg" "$total" 10 >"$RES/$P3-bg.txt" &
        BG=$!; PIDS+=($BG)
        sleep 5
      fi
      # the host serves a copy of the agent's /metrics answer (OpenMetrics, as Prometheus asks): a peer that costs
      # Prometheus the same parsing and storing, which its scrape_duration_seconds includes
      put_metrics_copy "$AGENT_PORT" "$SVC_PORT" "$RES/$P3-metrics"
      EP_LABELS=("peer-$SCRAPE_PEER" /metrics /debug/vars copy-/metrics)
      EP_URLS=("http://127.0.0.1:$SVC_PORT$SCRAPE_PEER" "http://127.0.0.1:$AGENT_PORT/metrics" "http://127.0.0.1:$AGENT_PORT/debug/vars"
               "http://127.0.0.1:$SVC_PORT/metrics-copy")
      for client in "${cold[@]}"; do scrape_pass "$bg" "cold-$client"; done
      # the JIT compiles each path within its first few thousand requests
      for url in "${EP_URLS[@]}"; do back_to_back socket warm-up "$url" "$SCRAPE_WARMUP"; done
      for client in $SCRAPE_CLIENTS; do scrape_pass "$bg" "$client"; done
      [[ -n $BG ]] && { wait "$BG" || true; }
      if [[ $bg == 0 ]]; then
        # CPU the service process spends per request: 500 back-to-back requests, utime+stime from /proc/PID/stat
        # before and after (clock ticks). Noise-robust where latency on a shared machine is not.
        sleep 2
        for i in "${!EP_LABELS[@]}"; do
          t0=$(awk '{print $14+$15}' "/proc/$SVC_PID/stat")
          back_to_back jdk "${EP_LABELS[$i]}" "${EP_URLS[$i]}" 500
          t1=$(awk '{print $14+$15}' "/proc/$SVC_PID/stat")
          echo "${ROUND_TAG}${EP_LABELS[$i]} service CPU per request: $(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f ms", (b-a)/hz*1000/500}') (500 back-to-back requests, idle service)" | tee -a "$RES/part3-cpu.txt"
        done
      fi
      stop_service "$SVC_PID"
      {
        [[ -z $ROUND_TAG ]] || echo "round $SCRAPE_ROUND:"
        echo "bg=$bg: background load: $(cat "$RES/$P3-bg.txt" 2>/dev/null || echo none)"
        echo "bg=$bg: GC pauses: $(grep -c 'Pause' "$RES/$P3-gc.log" || true), longest $(grep -o '[0-9.]*ms$' "$RES/$P3-gc.log" | sort -g | tail -1)"
        echo "bg=$bg: safepoints by VM operation (count, total time-to-safepoint + at-safepoint):"
        awk -F'"' '/Safepoint "/{op=$2; n[op]++; if (match($0, /Total: [0-9]+ ns/)) {t=substr($0, RSTART+7, RLENGTH-10)+0; tot[op]+=t; if (t>mx[op]) mx[op]=t}}
          END{for (o in n) printf "  %-28s %6d  total %8.1f ms  mean %5.3f ms  max %7.2f ms\n", o, n[o], tot[o]/1e6, tot[o]/n[o]/1e6, mx[o]/1e6}' "$RES/$P3-safepoint.log" | sort -k2 -nr
      } >>"$SUMMARY"
    done
  done
  cat "$RES/part3.txt" "$RES/part3-cpu.txt" 2>/dev/null >>"$SUMMARY" || true   # no part3-cpu.txt without BG_RATES 0
  if ((SCRAPE_ROUNDS > 1)); then
    { echo; python3 "$HERE/src/scrape_stats.py" "$RES/part3.txt"; } | tee -a "$SUMMARY"
  fi
fi

echo; echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$SUMMARY"
echo "results in $RES (summary.txt)"
