#!/usr/bin/env bash
# How many StringBuilder growth calls (AbstractStringBuilder.ensureCapacityInternal, newCapacity) each thread of an
# idle BenchService makes in its first SECONDS, with the given JVM options (an agent, or none): the dose of JDK calls
# an agent's start-up leaves in the host's JIT profiles (BENCHMARKS.md, agent overhead). Under JDWP method-entry
# events the JVM runs interpreted, so only the counts mean anything, not the times.
#
#   bench/agent-overhead/jdi-count.sh NAME SECONDS [jvm options...]
#   bench/agent-overhead/jdi-count.sh vigil 20 -javaagent:cli/target/vigil.jar=port=0
#
# Output: $WORK/NAME.count ("count method thread" lines and a total), the service's out/err beside it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/vigil-jdi}
name=$1 seconds=$2; shift 2
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" "$HERE"/src/BenchService.java "$HERE"/src/JdiCallCount.java
port=$((20000 + RANDOM % 10000))
java -agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:$port -XX:+UseG1GC -Xms512m -Xmx512m \
  "$@" -cp "$WORK/classes" BenchService 0 4 $((seconds + 30)) >"$WORK/$name.out" 2>"$WORK/$name.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
java -cp "$WORK/classes" JdiCallCount $port "$seconds" java.lang.AbstractStringBuilder ensureCapacityInternal \
  newCapacity >"$WORK/$name.count"
grep -v newCapacity "$WORK/$name.count" | sort -rn
