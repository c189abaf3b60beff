#!/bin/sh
# backupgen: prove the newest backup restores, with every row. Restores it
# (with restore.sh: checksums first) and compares every table's row count with
# the backup's manifest, counted in the dump's own snapshot; exits non-zero on
# any failure or difference.
#
# Static POSIX sh (busybox ash / dash); configured only by the environment:
#   PGDATABASE              the backed-up database (whose backups are checked)
#   BACKUP_DIR              where backups live                     (default /backups)
#   VERIFY_TIER             tier whose newest backup is checked    (default daily)
#   VERIFY_MODE             throwaway: a private PostgreSQL server started in
#                           this pod (initdb into VERIFY_SCRATCH_DIR, Unix
#                           socket only), never the production server;
#                           server: a scratch database on the server PGHOST
#                           (needs CREATEDB)                       (default throwaway)
#   VERIFY_SCRATCH_DIR      throwaway: an empty, writable directory for the
#                           server's data (the pod's emptyDir)     (default /scratch)
#   VERIFY_MIN_TABLES       at least this many tables must come back (default 1)
#   VERIFY_MIN_ROWS         at least this many rows in all tables  (default 0)
#   server mode only: libpq PGHOST PGPORT PGUSER PGPASSWORD,
#   VERIFY_SCRATCH_DB       scratch database                       (default ${PGDATABASE}_verify)
#   VERIFY_MAINTENANCE_DB   database to connect to for CREATE/DROP DATABASE (default postgres)
#   VERIFY_MAX_AGE_SECONDS  fail when the newest backup is older than this (0: no check); the
#                           tier's "too old" threshold, the same number its alert uses
#   PUSHGATEWAY_URL, METRICS_*  optional metrics push, see metrics.sh
#
# Server mode: a scratch database left by an interrupted run (recognised by its
# comment) is dropped and recreated; a database of that name without the
# comment is refused and left alone.
set -eu
umask 077
# shellcheck source=/dev/null # common.sh is shipped beside this script
. "$(dirname "$0")/common.sh"

PROG=verify
STARTED=$(date +%s)
log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*"; }
die() { printf '%s %s: ERROR: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*" >&2; exit 1; }

[ -n "${PGDATABASE:-}" ] || die "PGDATABASE is not set"
SOURCE_DB=$PGDATABASE
BACKUP_DIR=${BACKUP_DIR:-/backups}
TIER=${VERIFY_TIER:-daily}
MODE=${VERIFY_MODE:-throwaway}
MIN_TABLES=${VERIFY_MIN_TABLES:-1}
MIN_ROWS=${VERIFY_MIN_ROWS:-0}
PROG="verify[$SOURCE_DB/$TIER]"
case "$TIER" in
  daily | weekly | monthly | prerestore) ;;
  *) die "VERIFY_TIER must be daily, weekly, monthly or prerestore, got '$TIER'" ;;
esac
case "$MODE" in
  throwaway | server) ;;
  *) die "VERIFY_MODE must be throwaway or server, got '$MODE'" ;;
esac
case "$MIN_TABLES" in
  '' | *[!0-9]*) die "VERIFY_MIN_TABLES must be an integer >= 0, got '$MIN_TABLES'" ;;
esac
case "$MIN_ROWS" in
  '' | *[!0-9]*) die "VERIFY_MIN_ROWS must be an integer >= 0, got '$MIN_ROWS'" ;;
esac
if [ "$MODE" = server ]; then
  SCRATCH_DB=${VERIFY_SCRATCH_DB:-${SOURCE_DB}_verify}
  MAINT=${VERIFY_MAINTENANCE_DB:-postgres}
  [ "$SCRATCH_DB" != "$SOURCE_DB" ] || die "VERIFY_SCRATCH_DB must differ from the backed-up database '$SOURCE_DB'"
  [ "$SCRATCH_DB" != "$MAINT" ] || die "VERIFY_SCRATCH_DB must differ from the maintenance database '$MAINT'"
fi
[ -d "$BACKUP_DIR" ] || die "backup directory $BACKUP_DIR does not exist"

# What runs at exit: stop the throwaway server / drop the scratch database.
AT_EXIT=""
cleanup() {
  rc=$?
  for step in $AT_EXIT; do
    "$step" || rc=1
  done
  exit "$rc"
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
check_fresh() {
  [ "$MAX_AGE" -gt 0 ] || return 0
  cf_name=$(bg_newest "$BACKUP_DIR" "$SOURCE_DB" "$TIER")
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

# ---- step 1: the newest backup, and its manifest ---------------------------------------
FILE=$(bg_newest "$BACKUP_DIR" "$SOURCE_DB" "$TIER")
[ -n "$FILE" ] || die "no $TIER backup of database '$SOURCE_DB' found in $BACKUP_DIR"
STEM=$(bg_stem "$FILE")
MANIFEST=$BACKUP_DIR/$STEM.manifest
log "newest $TIER backup of '$SOURCE_DB' is $FILE"
[ -f "$MANIFEST" ] ||
  die "$FILE has no row-count manifest $STEM.manifest (written by an older backupgen?), so its content cannot be proven; take a new backup"
COUNTS_FILE=$(mktemp "${TMPDIR:-/tmp}/verify-counts.XXXXXX") || die "cannot create a file in ${TMPDIR:-/tmp}"
remove_counts() { rm -f "$COUNTS_FILE"; }
AT_EXIT="remove_counts"

# restore.sh with everything set: the file, the target, content checked against the manifest.
run_restore() {
  # run_restore TARGET CREATE_DB WITH_GLOBALS
  PGDATABASE=$SOURCE_DB RESTORE_FILE=$FILE RESTORE_TIER=$TIER RESTORE_TARGET_DB=$1 RESTORE_CREATE_DB=$2 \
    RESTORE_FORCE=false RESTORE_BACKUP_FIRST=false RESTORE_NO_OWNER=false RESTORE_NO_PRIVILEGES=false \
    RESTORE_JOBS=1 RESTORE_WITH_GLOBALS=$3 RESTORE_CHECK_ROWS=true RESTORE_COUNTS_FILE=$COUNTS_FILE \
    RESTORE_MAINTENANCE_DB=postgres sh "$(dirname "$0")/restore.sh"
}

# ---- throwaway mode: a private server in this pod -----------------------------------------
SCRATCH=${VERIFY_SCRATCH_DIR:-/scratch}
DATA=$SCRATCH/pgdata
SOCK=$SCRATCH/run
SERVER_STARTED=0
stop_server() {
  if [ "$SERVER_STARTED" -eq 1 ]; then
    pg_ctl -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    SERVER_STARTED=0
  fi
  rm -rf "$DATA" "$SOCK" "$SCRATCH/passwd" "$SCRATCH/group"
}
# initdb needs the uid in /etc/passwd. The image's postgres user is; an arbitrary
# uid (e.g. OpenShift's) is given an entry through nss_wrapper when the image has it.
ensure_passwd_entry() {
  id -un >/dev/null 2>&1 && return 0
  lib=${NSS_WRAPPER_LIB:-}
  if [ -z "$lib" ]; then
    for candidate in /usr/lib/libnss_wrapper.so /usr/lib/*/libnss_wrapper.so /usr/lib64/libnss_wrapper.so \
      /usr/local/lib/libnss_wrapper.so; do
      if [ -e "$candidate" ]; then
        lib=$candidate
        break
      fi
    done
  fi
  [ -n "$lib" ] || lib=/nonexistent
  [ -e "$lib" ] ||
    die "uid $(id -u) has no entry in /etc/passwd, which initdb needs, and the image has no nss_wrapper to give it one; run as the image's postgres user (the default runAsUser) or use verify.mode: server"
  printf 'postgres:x:%s:%s:PostgreSQL:%s:/bin/false\n' "$(id -u)" "$(id -g)" "$SCRATCH" >"$SCRATCH/passwd"
  printf 'postgres:x:%s:\n' "$(id -g)" >"$SCRATCH/group"
  LD_PRELOAD=$lib NSS_WRAPPER_PASSWD=$SCRATCH/passwd NSS_WRAPPER_GROUP=$SCRATCH/group
  export LD_PRELOAD NSS_WRAPPER_PASSWD NSS_WRAPPER_GROUP
  log "uid $(id -u) has no passwd entry: nss_wrapper ($lib) gives it one for initdb"
}
verify_throwaway() {
  for tool in initdb pg_ctl postgres; do
    command -v "$tool" >/dev/null 2>&1 ||
      die "$tool not found: the throwaway server needs PostgreSQL's server binaries (the postgres image has them); or use verify.mode: server"
  done
  [ -d "$SCRATCH" ] || die "scratch directory $SCRATCH does not exist (the pod's emptyDir)"
  [ -w "$SCRATCH" ] ||
    die "scratch directory $SCRATCH is not writable by uid $(id -u) (the pod's emptyDir; check fsGroup)"
  case "$SCRATCH" in
    *"'"* | *" "*) die "VERIFY_SCRATCH_DIR must not contain quotes or spaces, got '$SCRATCH'" ;;
  esac
  # The socket's path must fit sockaddr_un (107 bytes).
  [ ${#SOCK} -le 80 ] || die "VERIFY_SCRATCH_DIR is too long for a Unix socket path: $SCRATCH"
  ENCODING=$(bg_manifest_field "$MANIFEST" encoding)
  case "$ENCODING" in
    '' | *[!A-Za-z0-9_]*) die "$STEM.manifest names no valid database encoding: '$ENCODING'" ;;
  esac
  AT_EXIT="stop_server remove_counts"
  stop_server
  ensure_passwd_entry
  # Connections only through the socket directory, readable by this uid alone;
  # nothing listens on the network, and nothing here knows the production server.
  unset PGHOST PGHOSTADDR PGPORT PGUSER PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE PGSSLMODE PGOPTIONS
  mkdir -m 700 "$SOCK" || die "cannot create $SOCK"
  initdb -D "$DATA" -U postgres --auth=trust --encoding="$ENCODING" --locale=C --no-sync \
    >"$SCRATCH/initdb.log" 2>&1 || {
    tail -n 10 "$SCRATCH/initdb.log" >&2
    die "initdb of the throwaway server in $DATA failed"
  }
  cat >>"$DATA/postgresql.conf" <<EOF

# backupgen verify: a throwaway server, gone when the pod ends.
listen_addresses = ''
unix_socket_directories = '$SOCK'
fsync = off
full_page_writes = off
synchronous_commit = off
wal_level = minimal
max_wal_senders = 0
autovacuum = off
max_connections = 20
EOF
  SERVER_STARTED=1
  pg_ctl -D "$DATA" -l "$SCRATCH/server.log" -w -t 300 start >/dev/null 2>&1 || {
    tail -n 20 "$SCRATCH/server.log" >&2 || true
    die "the throwaway server did not start"
  }
  PGHOST=$SOCK PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
  export PGHOST PGPORT PGUSER PGDATABASE
  log "throwaway server $(postgres --version | sed 's/^[^0-9]*//') started on socket $SOCK (encoding $ENCODING)"

  # The roles the dump's owners and grants name. With a globals file, restore.sh
  # applies it (and so checks it too); without one, they are created here, NOLOGIN.
  WITH_GLOBALS=false
  if [ -f "$BACKUP_DIR/$STEM.globals.sql.gz" ]; then
    WITH_GLOBALS=true
  else
    sed -n 's/^role //p' "$MANIFEST" >"$SCRATCH/roles"
    printf '%s\n' "SELECT format('CREATE ROLE %I NOLOGIN', r) FROM unnest(string_to_array(:'roles', E'\\n')) r
      WHERE r <> '' AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \\gexec" |
      psql -X -q -w -v ON_ERROR_STOP=1 -v roles="$(cat "$SCRATCH/roles")" -d postgres >/dev/null ||
      die "cannot create the dump's roles in the throwaway server"
    log "created the roles the dump's owners and grants name: $(tr '\n' ' ' <"$SCRATCH/roles")"
  fi
  run_restore "$SOURCE_DB" true "$WITH_GLOBALS" || {
    tail -n 5 "$SCRATCH/server.log" >&2 || true
    die "restoring $FILE into the throwaway server failed"
  }
  pg_ctl -D "$DATA" -m fast -w stop >/dev/null 2>&1 || die "the throwaway server did not stop"
  SERVER_STARTED=0
  stop_server
  log "throwaway server stopped and removed"
}

# ---- server mode: a scratch database on the production server -----------------------------
verify_server() {
  [ -n "${PGUSER:-}" ] || die "PGUSER is not set"
  PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
  export PGCONNECT_TIMEOUT
  pg_isready -q -t "$PGCONNECT_TIMEOUT" || {
    rc=$?
    die "PostgreSQL server ${PGHOST:-<local socket>}:${PGPORT:-5432} is not accepting connections (pg_isready exit $rc)"
  }
  # A scratch database carries this comment; only such a database is ever dropped
  # (one left by an interrupted run), never a real one that happens to have the name.
  MARK='backupgen verify scratch database: dropped after every verification run'
  EXISTING=$(printf '%s\n' "SELECT coalesce(shobj_description(oid, 'pg_database'), '<none>') FROM pg_database WHERE datname = :'scratch';" |
    psql -X -A -t -q -v ON_ERROR_STOP=1 -v scratch="$SCRATCH_DB" -d "$MAINT") ||
    die "cannot query the server through maintenance database '$MAINT' (set VERIFY_MAINTENANCE_DB?)"
  if [ -n "$EXISTING" ]; then
    [ "$EXISTING" = "$MARK" ] ||
      die "database '$SCRATCH_DB' exists and is not a backupgen scratch database; refusing to drop it (choose another VERIFY_SCRATCH_DB)"
    drop_scratch || die "cannot drop the scratch database '$SCRATCH_DB' left by an earlier run (still in use?)"
    log "dropped scratch database '$SCRATCH_DB' left by an interrupted run"
  fi
  maint_sql 'CREATE DATABASE :"scratch";' ||
    die "cannot create scratch database '$SCRATCH_DB' via '$MAINT' (the user needs CREATEDB)"
  AT_EXIT="drop_created remove_counts"
  SCRATCH_CREATED=1
  maint_sql "COMMENT ON DATABASE :\"scratch\" IS '$MARK';" || die "cannot mark '$SCRATCH_DB' as a scratch database"
  log "created scratch database '$SCRATCH_DB'"
  run_restore "$SCRATCH_DB" false false || die "restoring $FILE into '$SCRATCH_DB' failed"
}
# psql against the maintenance database; the scratch name is passed as a psql
# variable and quoted by psql (:"scratch"), never pasted into SQL.
maint_sql() {
  printf '%s\n' "$1" | psql -X -q -v ON_ERROR_STOP=1 -v scratch="$SCRATCH_DB" -d "$MAINT"
}
drop_scratch() {
  maint_sql 'DROP DATABASE IF EXISTS :"scratch";'
}
SCRATCH_CREATED=0
drop_created() {
  [ "$SCRATCH_CREATED" -eq 1 ] || return 0
  if drop_scratch; then
    SCRATCH_CREATED=0
    log "dropped scratch database '$SCRATCH_DB'"
  else
    printf '%s %s: ERROR: could not drop scratch database %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$SCRATCH_DB" >&2
    return 1
  fi
}

# ---- step 2: restore and compare with the manifest ----------------------------------------
if [ "$MODE" = throwaway ]; then
  verify_throwaway
else
  verify_server
fi

# ---- step 3: at least what the spec asks for ------------------------------------------------
TABLES=$(grep -c '^table ' "$COUNTS_FILE") || TABLES=0
ROWS=$(sed -n 's/^table \([0-9]*\) .*/\1/p' "$COUNTS_FILE" | awk '{ n += $1 } END { printf "%d", n }')
[ "$TABLES" -ge "$MIN_TABLES" ] ||
  die "restored backup has $TABLES tables, fewer than VERIFY_MIN_TABLES=$MIN_TABLES"
[ "$ROWS" -ge "$MIN_ROWS" ] ||
  die "restored backup has $ROWS rows, fewer than VERIFY_MIN_ROWS=$MIN_ROWS"

log "OK: newest $TIER backup of '$SOURCE_DB' ($FILE) restored with every row its manifest counted: $TABLES tables, $ROWS rows"

# ---- step 4: metrics (optional; a failed push never fails the verification) ---
push_verify_metrics() {
  [ -n "${PUSHGATEWAY_URL:-}" ] || return 0
  # shellcheck disable=SC1091 # beside this script in /scripts; shellchecked on its own
  . "$(dirname "$0")/metrics.sh"
  pv_now=$(date +%s)
  pv_labels="database=\"$SOURCE_DB\""
  metrics_push "$TIER" "$(metrics_gauge backupgen_verify_last_success_timestamp_seconds "$pv_labels" "$pv_now")
$(metrics_gauge backupgen_verify_duration_seconds "$pv_labels" $((pv_now - STARTED)))
$(metrics_gauge backupgen_verify_tables "$pv_labels" "$TABLES")
$(metrics_gauge backupgen_verify_rows "$pv_labels" "$ROWS")
"
}
push_verify_metrics
