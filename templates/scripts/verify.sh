#!/bin/sh
# backupgen: prove the newest backup restores. Restores it (with restore.sh,
# checksum first) into a scratch database, checks it, drops the scratch
# database, and exits non-zero on any failure.
#
# Static POSIX sh (busybox ash / dash); configured only by the environment:
#   libpq:   PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (PGDATABASE = the backed-up database)
#   BACKUP_DIR              where backups live                     (default /backups)
#   VERIFY_TIER             tier whose newest backup is checked    (default daily)
#   VERIFY_SCRATCH_DB       scratch database                       (default ${PGDATABASE}_verify)
#   VERIFY_MIN_TABLES       at least this many tables must come back (default 1)
#   VERIFY_MIN_ROWS         at least this many rows in all tables  (default 0)
#   VERIFY_MAINTENANCE_DB   database to connect to for CREATE/DROP DATABASE (default postgres)
#
# The database user needs the CREATEDB attribute (ALTER ROLE ... CREATEDB) to
# create and drop the scratch database; it owns the scratch database it creates.
# A scratch database left by an interrupted run (recognised by its comment) is
# dropped and recreated; a database of that name without the comment is refused.
set -eu
umask 077

PROG=verify
log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*"; }
die() { printf '%s %s: ERROR: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*" >&2; exit 1; }

PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
export PGCONNECT_TIMEOUT
[ -n "${PGDATABASE:-}" ] || die "PGDATABASE is not set"
[ -n "${PGUSER:-}" ] || die "PGUSER is not set"
SOURCE_DB=$PGDATABASE
TIER=${VERIFY_TIER:-daily}
SCRATCH=${VERIFY_SCRATCH_DB:-${SOURCE_DB}_verify}
MIN_TABLES=${VERIFY_MIN_TABLES:-1}
MIN_ROWS=${VERIFY_MIN_ROWS:-0}
MAINT=${VERIFY_MAINTENANCE_DB:-postgres}
PROG="verify[$SOURCE_DB/$TIER]"
case "$MIN_TABLES" in
  '' | *[!0-9]*) die "VERIFY_MIN_TABLES must be an integer >= 0, got '$MIN_TABLES'" ;;
esac
case "$MIN_ROWS" in
  '' | *[!0-9]*) die "VERIFY_MIN_ROWS must be an integer >= 0, got '$MIN_ROWS'" ;;
esac
[ "$SCRATCH" != "$SOURCE_DB" ] || die "VERIFY_SCRATCH_DB must differ from the backed-up database '$SOURCE_DB'"
[ "$SCRATCH" != "$MAINT" ] || die "VERIFY_SCRATCH_DB must differ from the maintenance database '$MAINT'"

# psql against the maintenance database; the scratch name is passed as a psql
# variable and quoted by psql (:"scratch"), never pasted into SQL.
maint_sql() {
  printf '%s\n' "$1" | psql -X -q -v ON_ERROR_STOP=1 -v scratch="$SCRATCH" -d "$MAINT"
}
CREATED=0
drop_scratch() {
  maint_sql 'DROP DATABASE IF EXISTS :"scratch";'
}
cleanup() {
  if [ "$CREATED" -eq 1 ]; then
    if drop_scratch; then
      log "dropped scratch database '$SCRATCH'"
    else
      printf '%s %s: ERROR: could not drop scratch database %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$SCRATCH" >&2
      exit 1
    fi
  fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- step 1: scratch database --------------------------------------------------
pg_isready -q -t "$PGCONNECT_TIMEOUT" || {
  rc=$?
  die "PostgreSQL server ${PGHOST:-<local socket>}:${PGPORT:-5432} is not accepting connections (pg_isready exit $rc)"
}
# A scratch database carries this comment; only such a database is ever dropped
# (one left by an interrupted run), never a real one that happens to have the name.
MARK='backupgen verify scratch database: dropped after every verification run'
EXISTING=$(printf '%s\n' "SELECT coalesce(shobj_description(oid, 'pg_database'), '<none>') FROM pg_database WHERE datname = :'scratch';" |
  psql -X -A -t -q -v ON_ERROR_STOP=1 -v scratch="$SCRATCH" -d "$MAINT") ||
  die "cannot query the server through maintenance database '$MAINT' (set VERIFY_MAINTENANCE_DB?)"
if [ -n "$EXISTING" ]; then
  [ "$EXISTING" = "$MARK" ] ||
    die "database '$SCRATCH' exists and is not a backupgen scratch database; refusing to drop it (choose another VERIFY_SCRATCH_DB)"
  drop_scratch || die "cannot drop the scratch database '$SCRATCH' left by an earlier run (still in use?)"
  log "dropped scratch database '$SCRATCH' left by an interrupted run"
fi
maint_sql 'CREATE DATABASE :"scratch";' ||
  die "cannot create scratch database '$SCRATCH' via '$MAINT' (the user needs CREATEDB)"
CREATED=1
maint_sql "COMMENT ON DATABASE :\"scratch\" IS '$MARK';" || die "cannot mark '$SCRATCH' as a scratch database"
log "created scratch database '$SCRATCH'"

# ---- step 2: restore the newest backup (checksum first) -------------------------
SCRIPT_DIR=$(dirname "$0")
RESTORE_FILE="" RESTORE_TIER=$TIER RESTORE_TARGET_DB=$SCRATCH RESTORE_FORCE=false RESTORE_BACKUP_FIRST=false \
  sh "$SCRIPT_DIR/restore.sh" || die "restoring the newest $TIER backup of '$SOURCE_DB' into '$SCRATCH' failed"

# ---- step 3: sanity checks ------------------------------------------------------
# One line per table: schema.table|rows (exact count(*), via query_to_xml so it is one statement).
COUNTS=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$SCRATCH" -c "
  SELECT format('%I.%I', n.nspname, c.relname) || '|' ||
         (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
  ORDER BY 1") || die "counting rows in '$SCRATCH' failed"
TABLES=0
ROWS=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  TABLES=$((TABLES + 1))
  ROWS=$((ROWS + ${line##*|}))
  log "table ${line%|*}: ${line##*|} rows"
done <<EOF
$COUNTS
EOF
[ "$TABLES" -ge "$MIN_TABLES" ] ||
  die "restored backup has $TABLES tables, fewer than VERIFY_MIN_TABLES=$MIN_TABLES"
[ "$ROWS" -ge "$MIN_ROWS" ] ||
  die "restored backup has $ROWS rows, fewer than VERIFY_MIN_ROWS=$MIN_ROWS"

log "OK: newest $TIER backup of '$SOURCE_DB' restored: $TABLES tables, $ROWS rows"
