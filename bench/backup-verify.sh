#!/usr/bin/env bash
# What the row-count manifest and the throwaway verification cost, on a real PostgreSQL (Debian's
# binaries), with the scripts under busybox sh: a backup with exact counts (snapshot session counting
# while pg_dump dumps) against one whose role has no room for the session (dump alone, counts after it),
# then verify.sh in throwaway mode (initdb, restore, count, compare, stop).
# Usage: bench/backup-verify.sh [rows] [format]   (default 2000000 plain; needs busybox and postgresql)
#        BENCH_COMPARE_REV=<git rev> also times that revision's backup.sh (e.g. one before the manifest).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000000}
format=${2:-plain}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
command -v busybox >/dev/null || { echo "bench: busybox is not installed (apt-get install -y busybox)" >&2; exit 2; }
[ -x "$bin/initdb" ] || { echo "bench: PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2; exit 2; }

work=$(mktemp -d)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$work"
    as_pg=(runuser -u postgres --)
fi
cleanup() {
    "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
"${as_pg[@]}" mkdir -p "$work/bb" "$work/backups" "$work/scratch" "$work/run"
"${as_pg[@]}" busybox --install -s "$work/bb"
"${as_pg[@]}" "$bin/initdb" -D "$work/data" -U postgres --auth=trust --no-sync >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-c listen_addresses='' -c unix_socket_directories=$work/run -c fsync=off" start >/dev/null
psql() { "${as_pg[@]}" "$bin/psql" -X -q -h "$work/run" -U postgres "$@"; }
psql -c "CREATE ROLE app LOGIN" -c "CREATE DATABASE bench OWNER app"
psql -d bench -c "SET ROLE app;
  CREATE TABLE orders (id bigserial PRIMARY KEY, customer int, total numeric, placed timestamptz, note text);
  INSERT INTO orders (customer, total, placed, note)
    SELECT g % 5000, g * 0.37, now() - g * interval '1 second', md5(g::text) FROM generate_series(1, $rows) g;
  CREATE TABLE customers AS SELECT g AS id, 'customer ' || g AS name FROM generate_series(1, 5000) g;"
size=$(psql -d bench -A -t -c "SELECT pg_size_pretty(pg_database_size('bench'))")

run() {  # run SCRIPT VAR=VALUE...: the script as the pod runs it (busybox sh, its environment only)
    local script=$1
    shift
    "${as_pg[@]}" env -i PATH="$work/bb:$bin" HOME=/ PGHOST="$work/run" PGUSER=app PGDATABASE=bench \
        BACKUP_DIR="$work/backups" BACKUP_FORMAT="$format" BACKUP_KEEP=5 "$@" "$work/bb/sh" "templates/scripts/$script"
}
seconds() { local s=$(date +%s.%N); "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; echo "$(date +%s.%N) - $s" | bc; }

# Reference: pg_dump alone with the same options, as the scripts ran it before the manifest.
bare=$(seconds "${as_pg[@]}" env -i PATH="$bin" PGHOST="$work/run" PGUSER=app \
    "$bin/pg_dump" --format="$format" --compress=6 --file="$work/bare.dump" bench)
previous=""
if [ -n "${BENCH_COMPARE_REV:-}" ]; then
    "${as_pg[@]}" mkdir -p "$work/prev/templates/scripts"
    git show "$BENCH_COMPARE_REV:templates/scripts/backup.sh" | "${as_pg[@]}" tee "$work/prev/templates/scripts/backup.sh" >/dev/null
    previous=$(cd "$work/prev" && seconds run backup.sh BACKUP_TIER=monthly)
fi
exact=$(seconds run backup.sh BACKUP_TIER=daily)
grep -q "counts exact" "$work/last.log" || { echo "bench: expected exact counts" >&2; exit 1; }
psql -c "ALTER ROLE app CONNECTION LIMIT 1"
approx=$(seconds run backup.sh BACKUP_TIER=weekly)
grep -q "counts approximate" "$work/last.log" || { echo "bench: expected approximate counts" >&2; exit 1; }
psql -c "ALTER ROLE app CONNECTION LIMIT -1"
verify=$(seconds run verify.sh VERIFY_TIER=daily VERIFY_SCRATCH_DIR="$work/scratch")
grep -q "restored with every row its manifest counted" "$work/last.log" || { echo "bench: verify did not pass" >&2; exit 1; }

printf 'database bench: %s rows in orders, %s on disk, format %s, %s\n' "$rows" "$size" "$format" "$("$bin/postgres" --version)"
[ -z "$previous" ] || printf '%-58s %8.1f s\n' "backup.sh of $BENCH_COMPARE_REV" "$previous"
printf '%-58s %8.1f s\n' "pg_dump alone (no verification, no counts)" "$bare" \
    "backup, exact counts (session counts while pg_dump dumps)" "$exact" \
    "backup, approximate counts (dump alone, then counts)" "$approx" \
    "verify, throwaway server (initdb, restore, count, compare)" "$verify"
