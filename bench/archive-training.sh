#!/usr/bin/env bash
# What the launcher's archive training costs and saves (README "Speed and memory"). For each command that
# can make the class archive first after a build (validate, init, render), an archive made with training
# and one made without (the same launcher run with -Dbackupgen.archive.train=false after it), each beside
# its own copy of the jar; then, interleaved on every archive: render --check --no-cache of the production
# sample, validate --summary of one small file and of a big one (the sample's base, repeated). Prints the
# medians of wall and CPU (user) time from /usr/bin/time. The machine may be shared: the runs interleave.
# Usage: bench/archive-training.sh [runs]   (build first: mvn -q -B package -DskipTests)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/archive-training.sh   (the AOT cache of JDK 25+)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
jar=${BACKUPGEN_JAR:-target/backupgen.jar}
[ -f "$jar" ] || { echo "bench: $jar missing; run mvn -q -B package -DskipTests" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
sample=samples/production.yaml
makers=(validate init render)
kinds=(trained untrained)

# timed NAME CMD...: one run, "NAME wall cpu" appended to $work/times (output dropped, exit ignored)
timed() {
    local name=$1
    shift
    /usr/bin/time -o "$work/t" -f "%e %U" "$@" >/dev/null 2>&1 || true
    echo "$name $(cat "$work/t")" >>"$work/times"
}

java -jar "$jar" render -f "$sample" -o "$work/tree" >/dev/null
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n' >"$work/small.yaml"
for _ in $(seq 100); do
    for f in "$work"/tree/k8s/base/*.yaml; do
        [ "$(basename "$f")" = kustomization.yaml ] || { echo ---; cat "$f"; }
    done
done >"$work/big.yaml"

: >"$work/times"
for m in "${makers[@]}"; do
    for k in "${kinds[@]}"; do
        d=$work/$m-$k
        mkdir -p "$d"
        cp "$jar" "$d/backupgen.jar"
        opts=""
        [ "$k" = untrained ] && opts=-Dbackupgen.archive.train=false
        case $m in
            validate) args=(validate --summary "$work/small.yaml") ;;
            init) args=(init --no-input --name Shop -o "$d/spec.yaml") ;;
            render) args=(render -f "$sample" -o "$work/tree" --check --no-cache) ;;
        esac
        timed "make-archive:$m-$k" env BACKUPGEN_JAR="$d/backupgen.jar" BACKUPGEN_JAVA_OPTS="$opts" bin/backupgen "${args[@]}"
        ls "$d"/backupgen.jar.jdk* >/dev/null 2>&1 || { echo "bench: no archive made by $m ($k)" >&2; exit 1; }
    done
done
for _ in $(seq "$runs"); do
    for m in "${makers[@]}"; do
        for k in "${kinds[@]}"; do
            e=(env BACKUPGEN_JAR="$work/$m-$k/backupgen.jar" bin/backupgen)
            timed "render-check:$m-$k" "${e[@]}" render -f "$sample" -o "$work/tree" --check --no-cache
            timed "validate-small:$m-$k" "${e[@]}" validate --summary "$work/small.yaml"
            timed "validate-big:$m-$k" "${e[@]}" validate --summary "$work/big.yaml"
        done
    done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "backupgen bench/archive-training.sh, $(date -u '+%Y-%m-%d %H:%M UTC'): $("${JAVA:-java}" -version 2>&1 | head -1);" \
    "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $runs runs (the archive-making run: 1)"
echo
echo "| what | archive made by | wall, trained (s) | wall, untrained (s) | CPU, trained (s) | CPU, untrained (s) |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
for what in make-archive render-check validate-small validate-big; do
    for m in "${makers[@]}"; do
        row="| $what | $m |"
        for col in 2 3; do
            for k in "${kinds[@]}"; do
                row="$row $(grep "^$what:$m-$k " "$work/times" | cut -d' ' -f$col | median) |"
            done
        done
        echo "$row"
    done
done
