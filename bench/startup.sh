#!/usr/bin/env bash
# Start-up benchmark of the CLI as CI loops and pre-commit hooks run it: plain 'java -jar' against the
# bin/backupgen launcher (C1, serial GC, and the class archive it makes on the first run: CDS on JDK 17,
# the AOT cache on JDK 25 and newer), on the default java and, when present, on a JDK 25.
# Needs hyperfine (apt-get install hyperfine).
# Usage: bench/startup.sh [runs]   (build first: mvn -q -B package -DskipTests)
#   JDK25=/path/to/jdk-25 bench/startup.sh     (default /usr/lib/jvm/temurin-25-jdk-amd64; rows skipped when absent)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
jar=target/backupgen.jar
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is not installed (apt-get install -y hyperfine)" >&2; exit 2; }
[ -f "$jar" ] || { echo "bench: $jar missing; run mvn -q -B package -DskipTests" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n' >"$out/cm.yaml"
bin/backupgen render -f samples/production.yaml -o "$out/tree" >/dev/null   # also makes the launcher's archive
args=(-n "java -jar: version" "java -jar $jar version"
    -n "java -jar: render --check" "java -jar $jar render -f samples/production.yaml -o $out/tree --check"
    -n "java -jar: validate one file" "java -jar $jar validate $out/cm.yaml"
    -n "bin/backupgen: version" "bin/backupgen version"
    -n "bin/backupgen: render --check" "bin/backupgen render -f samples/production.yaml -o $out/tree --check"
    -n "bin/backupgen: validate one file" "bin/backupgen validate $out/cm.yaml")
if [ -x "$jdk25/bin/java" ]; then
    JAVA=$jdk25/bin/java bin/backupgen render -f samples/production.yaml -o "$out/tree" --check >/dev/null 2>&1   # makes the AOT cache
    args+=(-n "JDK 25 bin/backupgen (AOT cache): version" "env JAVA=$jdk25/bin/java bin/backupgen version"
        -n "JDK 25 bin/backupgen (AOT cache): render --check" "env JAVA=$jdk25/bin/java bin/backupgen render -f samples/production.yaml -o $out/tree --check"
        -n "JDK 25 bin/backupgen (AOT cache): validate one file" "env JAVA=$jdk25/bin/java bin/backupgen validate $out/cm.yaml")
fi
hyperfine -N --warmup 3 --runs "$runs" "${args[@]}"
