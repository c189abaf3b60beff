#!/usr/bin/env bash
# backupgen's speed and memory, side by side with kubeconform on the same files and the same schemas,
# printed as a Markdown table with the machine, the JDK, the date and the load (the README quotes it).
#
#   render, render --check      every sample (nothing changed on disk: what a CI drift gate runs), the
#                               check once answered from its memo (as a pre-commit hook's run after the
#                               first) and once in full (--no-cache: a fresh CI machine, a changed spec)
#   validate                    the rendered production base (k8s/base), backupgen and kubeconform
#   validate                    a generated file of 6,000 documents (the rendered samples' objects,
#                               the big scripts ConfigMap cut to one line per script), both tools
#   validate                    a generated 36 MiB file (the rendered samples whole, big scripts
#                               ConfigMaps included, repeated), both tools
#
# backupgen runs through bin/backupgen (the launcher: C1, serial GC, CDS or AOT cache) with its built-in
# schemas for Kubernetes 1.36.0; kubeconform (../shared/bin/kubeconform, v0.6.3) gets -strict and the
# schemas those were made from (../shared/k8s-schemas, 1.36.0 and the CRDs), so both check the same
# schemas. Only the sets that validate on their own go into the generated files (a sample naming an
# existing PVC or ServiceAccount is left out), so every document is checked completely by both tools.
#
# Wall time is hyperfine's mean (± its standard deviation) over RUNS runs after a warm-up; CPU time
# (user + sys) and peak RSS are the medians of RUNS runs under /usr/bin/time. "× kubeconform" is
# kubeconform's wall time over backupgen's (above 1: backupgen is faster; for the render rows, against
# kubeconform validating the same rendered base), and backupgen's peak RSS over kubeconform's.
#
# Needs hyperfine and GNU time:  apt-get install -y hyperfine time   (benchmarks are not part of the
# test suite; nothing here runs in CI). The machine is shared: run it when `uptime` shows a low load;
# the load before and after is printed with the table.
#
# Usage:  mvn -B -ntp -q package -DskipTests && bench/perf.sh [RUNS]       (default 5)
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/perf.sh  -- backupgen on another JDK
#   BENCH_ONLY=validate (or render) bench/perf.sh                        -- one half of the table
#   BENCH_ONLY=inputs BENCH_KEEP=/tmp/dir bench/perf.sh                   -- only make the inputs, and keep them
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${BACKUPGEN_SHARED:-$here/../shared}
runs=${1:-5}
only=${BENCH_ONLY:-all}
jar=$here/target/backupgen.jar
kc=$shared/bin/kubeconform
for tool in hyperfine /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (apt-get install -y hyperfine time python3)" >&2; exit 2; }
done
[ -f "$jar" ] || { echo "bench: $jar missing; run mvn -B -ntp -q package -DskipTests" >&2; exit 2; }
[ -x "$kc" ] || { echo "bench: $kc missing (see ../shared/bin/README.md)" >&2; exit 2; }
export JAVA=${BENCH_JAVA:-${JAVA:-java}}
bg=$here/bin/backupgen
if [ -n "${BENCH_KEEP:-}" ]; then
    work=$BENCH_KEEP   # inputs kept for experiments; must be outside the repo
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
version=1.36.0
# render --check's memos (see README, "Speed") go here, not into the user's cache: every bench starts cold
export XDG_CACHE_HOME=$work/cache
kc_flags=(-strict -summary -kubernetes-version "$version"
    -schema-location "$shared/k8s-schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
    -schema-location "$shared/k8s-schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- inputs: each sample rendered (this also makes the launcher's CDS/AOT archive), and its object streams
samples=()
for spec in "$here"/samples/*.yaml; do
    name=$(basename "$spec" .yaml)
    samples+=("$name")
    "$bg" render -f "$spec" -o "$work/out/$name" >/dev/null
    mkdir -p "$work/streams"
    "$bg" render -f "$spec" --stdout >"$work/streams/$name.yaml"
    for env in $(python3 -c '
import sys
lines = open(sys.argv[1]).read().split("\n")
inside = False
for l in lines:
    if l.startswith("environments:"):
        inside = True
    elif inside and l and not l.startswith(" ") and not l.startswith("#"):
        inside = False
    elif inside and l.startswith("  ") and not l.startswith("   ") and l.rstrip().endswith(":") and not l.strip().startswith("#"):
        print(l.strip()[:-1])' "$spec"); do
        "$bg" render -f "$spec" --env "$env" --stdout >"$work/streams/$name-$env.yaml"
    done
done
for s in "$work"/streams/*.yaml; do
    # keep the sets both tools pass on their own: complete (references resolve) and only kinds the
    # shared schemas have (kubeconform knows no schema for some CRDs the engines emit)
    if ! "$bg" validate "$s" >/dev/null 2>&1 || ! "$kc" "${kc_flags[@]}" "$s" >/dev/null 2>&1; then
        echo "bench: $(basename "$s") left out of the generated files (not valid on its own for both tools)" >&2
        rm "$s"
    fi
done
# ... and that still pass together: references resolve by kind and name to the first such object in
# the file, so two sets naming one ConfigMap with different keys (a sample and its environment that
# turns a setting on) would make findings neither set has alone
: >"$work/together.yaml"
for s in "$work"/streams/*.yaml; do
    cat "$work/together.yaml" "$s" >"$work/trial.yaml"
    if "$bg" validate "$work/trial.yaml" >/dev/null 2>&1; then
        mv "$work/trial.yaml" "$work/together.yaml"
    else
        echo "bench: $(basename "$s") left out of the generated files (its objects' names clash with an earlier set's)" >&2
        rm "$s"
    fi
done
rm -f "$work/together.yaml" "$work/trial.yaml"
python3 - "$work" <<'PY'
import glob, os, re, sys
work = sys.argv[1]
docs, streams = [], []
for path in sorted(glob.glob(os.path.join(work, "streams", "*.yaml"))):
    text = open(path).read()
    streams.append(text if text.endswith("\n") else text + "\n")
    docs += [d if d.endswith("\n") else d + "\n" for d in re.split(r"(?m)^---\n", text) if d.strip()]

def cut(doc):
    """The big scripts ConfigMap with one line per script (keys kept, so references still resolve)."""
    if len(doc) < 20000 or not re.search(r"(?m)^kind: ConfigMap$", doc):
        return doc
    out, inside = [], False
    for line in doc.rstrip("\n").split("\n"):
        if line.startswith("    ") or (line == "" and inside):
            if not inside:
                out.append("    #!/bin/sh")
            inside = True
            continue
        inside = False
        out.append(line)
    return "\n".join(out) + "\n"

small = [cut(d) for d in docs]
out, n, i = [], 0, 0
while n < 6000:
    d = small[i % len(small)]
    i += 1
    out.append("---\n" + d)
    n += 1 if re.search(r"(?m)^kind:", d) else 0
open(os.path.join(work, "docs-6000.yaml"), "w").write("".join(out))
out, size, i = [], 0, 0
while size < 36 * 1024 * 1024:
    out.append(streams[i % len(streams)])
    size += len(streams[i % len(streams)].encode())
    i += 1
open(os.path.join(work, "big-36mb.yaml"), "w").write("".join(out))
PY

if [ "$only" = inputs ]; then
    echo "inputs in $work: docs-6000.yaml, big-36mb.yaml, out/<sample>/"
    exit 0
fi

# ---- measuring
# one row: label, then the command; prints "label|wall mean|wall sd|cpu median|rss median"
measure() {
    local label=$1
    shift
    local cmd
    cmd=$(printf '%q ' "$@")
    # a failing command measures nothing: stop and say why
    if ! "$@" >/dev/null 2>"$work/err"; then
        echo "bench: '$label' failed:" >&2
        tail -5 "$work/err" >&2
        exit 1
    fi
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/h.json" "$cmd" >/dev/null 2>&1
    local cpu=() rss=()
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%U %S %M' -o "$work/t" "$@" >/dev/null 2>&1
        read -r u s m < <(tail -1 "$work/t")
        cpu+=("$(echo "$u + $s" | bc)")
        rss+=("$m")
    done
    python3 - "$work/h.json" "$label" "${cpu[*]}" "${rss[*]}" <<'PY' >>"$work/rows"
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
cpu = statistics.median(float(x) for x in sys.argv[3].split())
rss = statistics.median(int(x) for x in sys.argv[4].split())
print("|".join([sys.argv[2], "%.3f" % r["mean"], "%.3f" % r["stddev"], "%.2f" % cpu, "%d" % rss]))
PY
}

: >"$work/rows"
prod=$work/out/production/k8s/base
if [ "$only" != validate ]; then
    for name in "${samples[@]}"; do
        measure "render $name" "$bg" render -f "$here/samples/$name.yaml" -o "$work/out/$name"
        # a pre-commit hook's case: nothing changed since the last passing check, answered from its memo
        measure "render --check $name" "$bg" render -f "$here/samples/$name.yaml" -o "$work/out/$name" --check
        # a fresh CI machine's case, or a changed spec: the full check
        measure "render --check --no-cache $name" "$bg" render -f "$here/samples/$name.yaml" -o "$work/out/$name" \
            --check --no-cache
    done
fi
measure "kubeconform: production k8s/base" "$kc" "${kc_flags[@]}" -skip Kustomization "$prod"
if [ "$only" != render ]; then
    measure "validate production k8s/base" "$bg" validate --summary "$prod"
    measure "kubeconform: 6,000 documents" "$kc" "${kc_flags[@]}" "$work/docs-6000.yaml"
    measure "validate 6,000 documents" "$bg" validate --summary "$work/docs-6000.yaml"
    measure "kubeconform: 36 MiB" "$kc" "${kc_flags[@]}" "$work/big-36mb.yaml"
    measure "validate 36 MiB" "$bg" validate --summary "$work/big-36mb.yaml"
fi

# ---- the table
docs_mib=$(du -m "$work/docs-6000.yaml" | cut -f1)
big_mib=$(du -m "$work/big-36mb.yaml" | cut -f1)
python3 - "$work/rows" <<PY
import sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1]) if l.strip()]
by = {r[0]: r for r in rows}
def kc_for(label):
    if label.startswith("render"):
        return by.get("kubeconform: production k8s/base") if "production" in label else None
    if label.startswith("validate "):
        return by.get("kubeconform: " + label[len("validate "):])
    return None
import platform, subprocess
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
java = subprocess.run(["$JAVA", "-version"], capture_output=True, text=True).stderr.split("\n")[0]
print(f"backupgen bench/perf.sh, $(date -u '+%Y-%m-%d %H:%M UTC'): {cpu}, $(nproc) cores, {int(mem)//1024} MiB,"
      f" {platform.system()} {platform.release()}; {java}; kubeconform v0.6.3; schemas of Kubernetes $version;"
      f" $runs runs each; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)."
      f" Inputs: 6,000 documents = ${docs_mib} MiB, 36 MiB file = ${big_mib} MiB.")
print()
print("| command | wall (s) | CPU (s) | peak RSS (MiB) | × kubeconform: speed | × kubeconform: RSS |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    label, wall, sd, cpu_s, rss = r[0], float(r[1]), float(r[2]), r[3], int(r[4]) / 1024
    k = kc_for(label)
    speed = "%.2f" % (float(k[1]) / wall) if k else ""
    mem_ratio = "%.2f" % (int(r[4]) / int(k[4])) if k and label.startswith("validate") else ""
    print(f"| {label} | {wall:.3f} ± {sd:.3f} | {cpu_s} | {rss:.0f} | {speed} | {mem_ratio} |")
PY
