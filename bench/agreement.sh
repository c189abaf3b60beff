#!/usr/bin/env bash
# Measures how often backupgen validate (offline; and with --kubernetes-version 1.26.0 and schemas made
# from the API server's own OpenAPI) and kubeconform (same 1.26 schemas) agree with the real API
# server (1.26, ../shared/kube-apiserver) on a folder of manifests the tests do not contain.
#
#   mvn -B -ntp -q package -DskipTests && bench/agreement.sh DIR [OUT]
#
# Every file of DIR is split into documents at "---" lines, as kubectl splits them; each document is
# asked of the server through kubectl (create --dry-run=server, strict field validation: kubectl's
# own YAML reading is part of the verdict) and of each tool. Documents whose kind the server does not
# serve (a CRD not installed, a removed API version) are counted apart. Prints the table; the
# per-document verdicts and disagreements go to OUT (default: a temporary folder).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${BACKUPGEN_SHARED:-$here/../shared}
corpus=$(cd "${1:?usage: bench/agreement.sh DIR [OUT]}" && pwd)
out=${2:-$(mktemp -d)}
mkdir -p "$out"
jar=$here/target/backupgen.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -ntp -q package -DskipTests" >&2; exit 2; }

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export KAPI_DIR=$out/kapi KAPI_PORT=$(port) KAPI_ETCD_PORT=$(port) KAPI_ETCD_PEER_PORT=$(port)
trap 'bash "$shared/kube-apiserver/down.sh" --purge >/dev/null 2>&1 || true' EXIT
eval "$(bash "$shared/kube-apiserver/up.sh")"
kubectl apply --server-side -f "$shared/kube-apiserver/crds/" >/dev/null
kubectl wait --for=condition=Established --timeout=60s crd --all >/dev/null

# the server's schemas, made as the built-in ones are
mkdir -p "$out/openapi"
kubectl get --raw /openapi/v3 | python3 -c '
import json, subprocess, sys
for p in json.load(sys.stdin)["paths"]:
    if p.startswith("api/") or p.startswith("apis/"):
        with open(sys.argv[1] + "/" + p.replace("/", "_") + ".json", "w") as f:
            f.write(subprocess.run(["kubectl", "get", "--raw", "/openapi/v3/" + p], check=True,
                                   capture_output=True, text=True).stdout)' "$out/openapi"
python3 "$here/bin/gen-schemas" openapi "$out/openapi" "$out/schemas" v1.26.0 >/dev/null

# one document per file, split as kubectl splits
rm -rf "$out/docs" && mkdir -p "$out/docs"
python3 - "$corpus" "$out/docs" <<'PY'
import os, re, sys
src, dst = sys.argv[1], sys.argv[2]
n = 0
for root, _, names in os.walk(src):
    for name in sorted(names):
        if not re.search(r"\.(ya?ml|json)$", name):
            continue
        path = os.path.join(root, name)
        data = open(path, "rb").read()
        if name.endswith(".json"):
            chunks = [data]
        else:
            chunks, cur = [], []
            for line in data.split(b"\n"):
                if re.match(rb"^---(\s|$)", line) and any(l.strip() and not l.lstrip().startswith(b"#") for l in cur):
                    chunks.append(b"\n".join(cur)); cur = []
                cur.append(line)
            chunks.append(b"\n".join(cur))
        rel = os.path.relpath(path, src).replace("/", "__")
        for i, c in enumerate(chunks):
            body = [l for l in c.split(b"\n") if l.strip() and not l.lstrip().startswith(b"#") and not re.match(rb"^---\s*$", l)]
            if not body:
                continue
            ext = ".json" if name.endswith(".json") else ".yaml"
            open(os.path.join(dst, "%s.%03d%s" % (rel, i, ext)), "wb").write(c)
            n += 1
print("documents:", n, file=sys.stderr)
PY

# the API server, through kubectl; the namespaces the documents name exist first
for ns in $(grep -ho '^  namespace: *[a-z0-9-]*' "$out"/docs/* 2>/dev/null | awk '{print $2}' | sort -u); do
    kubectl create namespace "$ns" >/dev/null 2>&1 || true
done
: > "$out/server.tsv"
for f in "$out"/docs/*; do
    if msg=$(kubectl create --dry-run=server -f "$f" 2>&1); then v=OK
    elif echo "$msg" | grep -qE "no matches for kind|ensure CRDs are installed|the server could not find the requested resource|doesn't have a resource type"; then v=SKIP
    else v=REJECTED; fi
    printf '%s\t%s\t%s\n' "$(basename "$f")" "$v" "$(echo "$msg" | tr '\n\t' '  ' | cut -c1-300)" >> "$out/server.tsv"
done

# the tools: per document file, accepted (nothing failed) or rejected
verdicts() { # reads kubeconform/backupgen JSON (kubeconform's shape), prints file<TAB>accepted|rejected
    python3 -c '
import json, os, sys
res = json.load(sys.stdin).get("resources", [])
bad = {}
for r in res:
    f = os.path.basename(r["filename"])
    ok = r["status"] in ("statusValid", "statusSkipped", "statusEmpty", "")
    bad[f] = bad.get(f, False) or not ok
for f in sorted(os.listdir(sys.argv[1])):
    print(f + "\t" + ("rejected" if bad.get(f) else "accepted"))' "$out/docs"
}
java -jar "$jar" validate -o json --verbose --allow-external-refs "$out/docs" > "$out/backupgen-offline.json" || true
java -jar "$jar" validate -o json --verbose --allow-external-refs --kubernetes-version 1.29.0 "$out/docs" > "$out/backupgen-offline-1.29.json" || true
java -jar "$jar" validate -o json --verbose --allow-external-refs --kubernetes-version 1.26.0 \
    --schema-location "$out/schemas" "$out/docs" > "$out/backupgen-schemas.json" || true
"$shared/bin/kubeconform" -strict -verbose -output json -kubernetes-version 1.26.0 \
    -schema-location "$out/schemas" \
    -schema-location "$shared/k8s-schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
    "$out/docs" > "$out/kubeconform.json" || true
for t in backupgen-offline backupgen-offline-1.29 backupgen-schemas kubeconform; do
    verdicts < "$out/$t.json" > "$out/$t.tsv"
done

python3 - "$out" <<'PY'
import sys
out = sys.argv[1]
server = {l.split("\t")[0]: l.split("\t")[1] for l in open(out + "/server.tsv") if l.strip()}
judged = {f: v for f, v in server.items() if v in ("OK", "REJECTED")}
print("documents: %d (API server: %d accepted, %d rejected, %d not served)" % (len(server),
      sum(v == "OK" for v in server.values()), sum(v == "REJECTED" for v in server.values()),
      sum(v == "SKIP" for v in server.values())))
with open(out + "/disagreements.txt", "w") as d:
    for tool, label in [("backupgen-offline", "backupgen offline (built-in 1.36 schemas, no flags)"),
                        ("backupgen-offline-1.29", "backupgen offline --kubernetes-version 1.29.0"),
                        ("backupgen-schemas", "backupgen --kubernetes-version 1.26.0 + server's schemas"),
                        ("kubeconform", "kubeconform -strict, server's 1.26 schemas")]:
        tv = {l.split("\t")[0]: l.split("\t")[1].strip() for l in open("%s/%s.tsv" % (out, tool)) if l.strip()}
        agree = sum((judged[f] == "OK") == (tv.get(f) == "accepted") for f in judged)
        fr = [f for f in judged if judged[f] == "OK" and tv.get(f) != "accepted"]
        miss = [f for f in judged if judged[f] == "REJECTED" and tv.get(f) == "accepted"]
        print("%-58s agrees on %3d/%d (%.1f%%): %d false rejections, %d misses" % (label, agree, len(judged),
              100.0 * agree / max(1, len(judged)), len(fr), len(miss)))
        for f in fr:
            d.write("%s\tfalse rejection\t%s\n" % (tool, f))
        for f in miss:
            d.write("%s\tmiss\t%s\t%s\n" % (tool, f, [l for l in open(out + "/server.tsv") if l.startswith(f + "\t")][0].split("\t")[2].strip()))
print("details:", out)
PY
