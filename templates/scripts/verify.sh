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
#   VERIFY_MAX_AGE_SECONDS  fail when the newest backup is older than this (0: no check); the
#                           tier's "too old" threshold, the same number its alert uses
#   PUSHGATEWAY_URL, METRICS_*  optional metrics push, see metrics.sh
#
# The database user needs the CREATEDB attribute (ALTER ROLE ... CREATEDB) to
# create and drop the scratch database; it owns the scratch database it creates.
# A scratch database left by an interrupted run (recognised by its comment) is
# dropped and recreated; a database of that name without the comment is refused.
set -eu
umask 077

PROG=verify
STARTED=$(date +%s)
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

# ---- step 0: the newest backup is recent enough ---------------------------------
# Restoring an old backup proves little when the backups themselves have stopped:
# the newest one of the tier must be younger than the tier's threshold (longest
# gap between its runs over a year + its deadlines + a margin, computed by
# backupgen from the schedule and passed as VERIFY_MAX_AGE_SECONDS).
MAX_AGE=${VERIFY_MAX_AGE_SECONDS:-0}
case "$MAX_AGE" in
  '' | *[!0-9]*) die "VERIFY_MAX_AGE_SECONDS must be an integer >= 0, got '$MAX_AGE'" ;;
esac
human_duration() {
  hd_d=$(($1 / 86400))
  hd_h=$(($1 % 86400 / 3600))
  hd_m=$(($1 % 3600 / 60))
  if [ "$hd_d" -gt 0 ]; then
    printf '%dd %dh %dm' "$hd_d" "$hd_h" "$hd_m"
  else
    printf '%dh %dm' "$hd_h" "$hd_m"
  fi
}
# The newest <db>_<tier>_YYYYmmdd_HHMMSS.(sql.gz|dump) by name (the names sort by time).
newest_backup() {
  nb_prefix=${SOURCE_DB}_${TIER}_
  for nb_path in "${BACKUP_DIR:-/backups}"/*; do
    nb_name=${nb_path##*/}
    case "$nb_name" in
      "$nb_prefix"*) nb_rest=${nb_name#"$nb_prefix"} ;;
      *) continue ;;
    esac
    case "$nb_rest" in
      [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].sql.gz | \
        [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].dump)
        printf '%s\n' "$nb_name"
        ;;
    esac
  done | sort -r | head -n 1
}
check_fresh() {
  [ "$MAX_AGE" -gt 0 ] || return 0
  cf_name=$(newest_backup)
  [ -n "$cf_name" ] || return 0 # no backup at all: the restore step says so
  cf_ts=${cf_name#"${SOURCE_DB}_${TIER}_"}
  cf_when=$(printf '%s\n' "$cf_ts" | sed -n 's/^\([0-9]\{4\}\)\([0-9]\{2\}\)\([0-9]\{2\}\)_\([0-9]\{2\}\)\([0-9]\{2\}\)\([0-9]\{2\}\).*/\1-\2-\3 \4:\5:\6/p')
  cf_epoch=$(date -u -d "$cf_when" +%s) || die "cannot read the time of backup $cf_name"
  cf_age=$(($(date +%s) - cf_epoch))
  [ "$cf_age" -le "$MAX_AGE" ] ||
    die "newest $TIER backup $cf_name is $(human_duration "$cf_age") old, older than the $TIER schedule allows ($(human_duration "$MAX_AGE"), VERIFY_MAX_AGE_SECONDS=$MAX_AGE): $TIER backups have stopped or are failing; check the $TIER backup CronJob and its Jobs"
  log "newest $TIER backup $cf_name is $(human_duration "$cf_age") old (the schedule allows $(human_duration "$MAX_AGE"))"
}
check_fresh

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

# ---- step 4: metrics (optional; a failed push never fails the verification) ---
push_verify_metrics() {
  [ -n "${PUSHGATEWAY_URL:-}" ] || return 0
  # shellcheck disable=SC1091 # beside this script in /scripts; shellchecked on its own
  . "$SCRIPT_DIR/metrics.sh"
  pv_now=$(date +%s)
  pv_labels="database=\"$SOURCE_DB\""
  metrics_push "$TIER" "$(metrics_gauge backupgen_verify_last_success_timestamp_seconds "$pv_labels" "$pv_now")
$(metrics_gauge backupgen_verify_duration_seconds "$pv_labels" $((pv_now - STARTED)))
$(metrics_gauge backupgen_verify_tables "$pv_labels" "$TABLES")
$(metrics_gauge backupgen_verify_rows "$pv_labels" "$ROWS")
"
}
push_verify_metrics
