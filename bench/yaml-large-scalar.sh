#!/usr/bin/env bash
# Times backupgen validate on a document with one long scalar (SnakeYAML's default reader window
# makes that quadratic: 16 MB took 76 s; the widened buffer makes it linear).
#   mvn -B -ntp -q package -DskipTests && bench/yaml-large-scalar.sh [MiB...]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=$here/target/backupgen.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -ntp -q package -DskipTests" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for mib in "${@:-1 2 3}"; do
    python3 - "$tmp/big.yaml" "$mib" <<'PY'
import sys
n = int(float(sys.argv[2]) * 1024 * 1024) - 1
with open(sys.argv[1], "w") as f:
    f.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + "x" * n + "\n")
PY
    start=$(date +%s.%N)
    java -jar "$jar" validate "$tmp/big.yaml" >/dev/null || true
    end=$(date +%s.%N)
    printf '%s MiB scalar: %.2f s\n' "$mib" "$(echo "$end - $start" | bc)"
done
