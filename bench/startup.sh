#!/usr/bin/env bash
# Start-up benchmark of the CLI as CI loops run it: plain 'java -jar' against the bin/backupgen
# launcher (C1, serial GC, class-data-sharing archive). Needs hyperfine (apt-get install hyperfine).
# Usage: bench/startup.sh [runs]   (build first: mvn -q -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
jar=target/backupgen.jar
command -v hyperfine >/dev/null || { echo "bench: hyperfine is not installed (apt-get install -y hyperfine)" >&2; exit 2; }
[ -f "$jar" ] || { echo "bench: $jar missing; run mvn -q -B package -DskipTests" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin/backupgen render -f samples/production.yaml -o "$out" >/dev/null   # also creates the CDS archive
hyperfine -N --warmup 3 --runs "$runs" \
    -n "java -jar: version" "java -jar $jar version" \
    -n "java -jar: render --check" "java -jar $jar render -f samples/production.yaml -o $out --check" \
    -n "bin/backupgen: version" "bin/backupgen version" \
    -n "bin/backupgen: render --check" "bin/backupgen render -f samples/production.yaml -o $out --check" \
    -n "bin/backupgen: render --stdout" "bin/backupgen render -f samples/production.yaml --stdout"
