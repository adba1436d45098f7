#!/usr/bin/env bash
# Runs the JMH benchmarks of small hot paths. Usage: bench/jmh/run.sh [JMH options, e.g. -f 3 -wi 5 -i 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -ntp -pl bench/jmh -am install -DskipTests
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -ntp -pl bench/jmh dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp=$(cat "$cp_file")
if [ $# -eq 0 ]; then set -- -f 2 -wi 3 -i 5; fi
java -cp "bench/jmh/target/classes:$cp" org.openjdk.jmh.Main "$@"
