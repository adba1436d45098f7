#!/usr/bin/env bash
# Runs the JMH benchmarks of small hot paths. Usage: benchmarks/run.sh [JMH options, e.g. -f 3 -wi 5 -i 10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl benchmarks -am install -DskipTests
cp=$(mvn -q -B -ntp -pl benchmarks dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
if [ $# -eq 0 ]; then set -- -f 2 -wi 3 -i 5; fi
exec java -cp "benchmarks/target/classes:$cp" org.openjdk.jmh.Main "$@"
