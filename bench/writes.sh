#!/usr/bin/env bash
# What the hostile-input work costs and saves, measured with the real launcher:
#  - a render that writes a changed tree (lock, staging, fsync, journal, folder switch) against one
#    that changes nothing, for samples/production.yaml --format all;
#  - how fast oversized or hostile specs are refused (the size is checked before parsing).
# Usage: bench/writes.sh [runs]   (build first: mvn -q -B package -DskipTests)
# Compare with another build: BACKUPGEN_JAR=/path/to/other/backupgen.jar bench/writes.sh
# BENCH_PARTS=writes (or refuse) runs one half: an older build takes minutes per run on the big specs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bg=bin/backupgen
parts=${BENCH_PARTS:-writes,refuse}

# median wall time in ms of running "$@" $runs times (output discarded; exit status ignored)
median() {
    local times=()
    for _ in $(seq "$runs"); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

cp samples/production.yaml "$work/a.yaml"
sed 's/name: Acme Billing/name: Acme Billing Two/' samples/production.yaml > "$work/b.yaml"
$bg render -f "$work/a.yaml" -o "$work/out" --format all >/dev/null   # also makes the CDS archive

flip() {   # render A and B alternately, so every run rewrites the whole tree
    if [ -f "$work/flip" ]; then rm "$work/flip"; $bg render -f "$work/a.yaml" -o "$work/out" --format all
    else touch "$work/flip"; $bg render -f "$work/b.yaml" -o "$work/out" --format all; fi
}
if [[ $parts == *writes* ]]; then
echo "render --format all, nothing changed:   $(median $bg render -f "$work/a.yaml" -o "$work/out" --format all) ms"
echo "render --format all, every file changed: $(median flip) ms"
echo "render --stdout (no write at all):        $(median $bg render -f "$work/a.yaml" --stdout) ms"
fi
[[ $parts == *refuse* ]] || exit 0

head='apiVersion: backupgen.io/v1alpha1
kind: BackupSpec
project:
  name: '
for mb in 1 4 16; do
    { printf '%s"' "$head"; head -c $((mb * 1024 * 1024)) /dev/zero | tr '\0' a; printf '"\n'; } > "$work/big-$mb.yaml"
    echo "refuse a ${mb} MiB one-value spec:         $(median $bg render -f "$work/big-$mb.yaml" --stdout) ms"
done
{ printf '%s"' "$head"; head -c $((900 * 1024)) /dev/zero | tr '\0' a; printf '"\n'; } > "$work/big-900k.yaml"
echo "refuse a 900 KiB value (under the file limit): $(median $bg render -f "$work/big-900k.yaml" --stdout) ms"
