#!/bin/sh
# backupgen: restore one backup written by backup.sh into a database.
#
# Static POSIX sh (busybox ash / dash); configured only by the environment:
#   libpq:   PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (PGDATABASE: whose backups)
#   BACKUP_DIR            where backups live                       (default /backups)
#   RESTORE_SOURCE_DIR    where the backup to restore is read from (default BACKUP_DIR;
#                         a fetched off-site copy: the backup-first one still goes to BACKUP_DIR)
#   RESTORE_FILE          file name in BACKUP_DIR; empty = newest backup of
#                         database PGDATABASE in tier RESTORE_TIER
#   RESTORE_TIER          daily|weekly|monthly|prerestore          (default daily)
#   RESTORE_TARGET_DB     database to restore into                 (default PGDATABASE)
#   RESTORE_CREATE_DB     true: create the target when it does not exist (default false)
#   RESTORE_FORCE         true: replace the content of a non-empty target (default false)
#   RESTORE_BACKUP_FIRST  true: back up a non-empty target (tier prerestore) first
#   RESTORE_PRERESTORE_KEEP  how many prerestore backups to keep    (default 3)
#   RESTORE_NO_OWNER      true: objects owned by the restoring user, not the
#                         dumped owners (custom format only)       (default false)
#   RESTORE_NO_PRIVILEGES true: skip the dumped GRANT/REVOKE (custom format only)
#   RESTORE_JOBS          parallel pg_restore sessions (custom format); more
#                         than 1 cannot be one transaction          (default 1)
#   RESTORE_WITH_GLOBALS  true: apply <stem>.globals.sql.gz first; roles that
#                         exist are left as they are               (default false)
#   RESTORE_CHECK_ROWS    true: count every restored table and compare with the
#                         backup's row-count manifest              (default false)
#   RESTORE_MAINTENANCE_DB  database to connect to for CREATE DATABASE (default postgres)
#   RESTORE_COUNTS_FILE   with RESTORE_CHECK_ROWS: also write the restored counts here
#
# Order: checksums (dump, manifest) first; then the target's safety check; then
# the optional backup and globals; then the restore, as ONE transaction unless
# RESTORE_JOBS > 1: it commits only if the whole file was read and every
# statement succeeded, so a failed restore leaves the target as it was. Any
# failure exits non-zero.
set -eu
umask 077
# shellcheck source=/dev/null # common.sh is shipped beside this script
. "$(dirname "$0")/common.sh"

PROG=restore
log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*"; }
die() { printf '%s %s: ERROR: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*" >&2; exit 1; }

is_true() {
  case "$2" in
    true) return 0 ;;
    false) return 1 ;;
    *) die "$1 must be true or false, got '$2'" ;;
  esac
}

WORK=""
cleanup() {
  [ -z "$WORK" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- configuration -------------------------------------------------------------
BACKUP_DIR=${BACKUP_DIR:-/backups}
SRC_DIR=${RESTORE_SOURCE_DIR:-$BACKUP_DIR}
RESTORE_FILE=${RESTORE_FILE:-}
RESTORE_TIER=${RESTORE_TIER:-daily}
RESTORE_JOBS=${RESTORE_JOBS:-1}
MAINT=${RESTORE_MAINTENANCE_DB:-postgres}
PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
export PGCONNECT_TIMEOUT

[ -n "${PGDATABASE:-}" ] || die "PGDATABASE is not set"
[ -n "${PGUSER:-}" ] || die "PGUSER is not set"
SOURCE_DB=$PGDATABASE
TARGET=${RESTORE_TARGET_DB:-$SOURCE_DB}
PROG="restore[$TARGET]"
is_true RESTORE_FORCE "${RESTORE_FORCE:-false}" && FORCE=1 || FORCE=0
is_true RESTORE_BACKUP_FIRST "${RESTORE_BACKUP_FIRST:-false}" && BACKUP_FIRST=1 || BACKUP_FIRST=0
is_true RESTORE_CREATE_DB "${RESTORE_CREATE_DB:-false}" && CREATE_DB=1 || CREATE_DB=0
is_true RESTORE_NO_OWNER "${RESTORE_NO_OWNER:-false}" && NO_OWNER=1 || NO_OWNER=0
is_true RESTORE_NO_PRIVILEGES "${RESTORE_NO_PRIVILEGES:-false}" && NO_PRIVILEGES=1 || NO_PRIVILEGES=0
is_true RESTORE_WITH_GLOBALS "${RESTORE_WITH_GLOBALS:-false}" && WITH_GLOBALS=1 || WITH_GLOBALS=0
is_true RESTORE_CHECK_ROWS "${RESTORE_CHECK_ROWS:-false}" && CHECK_ROWS=1 || CHECK_ROWS=0
case "$RESTORE_TIER" in
  daily | weekly | monthly | prerestore) ;;
  *) die "RESTORE_TIER must be daily, weekly, monthly or prerestore, got '$RESTORE_TIER'" ;;
esac
case "$RESTORE_JOBS" in
  '' | *[!0-9]*) die "RESTORE_JOBS must be an integer from 1 to 64, got '$RESTORE_JOBS'" ;;
esac
if [ "$RESTORE_JOBS" -lt 1 ] || [ "$RESTORE_JOBS" -gt 64 ]; then
  die "RESTORE_JOBS must be an integer from 1 to 64, got '$RESTORE_JOBS'"
fi
[ -d "$SRC_DIR" ] || die "backup directory $SRC_DIR does not exist"

# A database name as a libpq connection string, so that no name is ever read
# as one ("dbname=..." is parsed as conninfo by psql -d and pg_restore -d).
conninfo_db() {
  printf "dbname='%s'" "$(printf '%s' "$1" | sed "s/[\\\\']/\\\\&/g")"
}
TARGET_CONN=$(conninfo_db "$TARGET")
MAINT_CONN=$(conninfo_db "$MAINT")
sql_on() {
  # sql_on CONNINFO SQL...: runs each SQL argument (psql -c), unaligned, tuples only
  so_conn=$1
  shift
  for so_sql in "$@"; do
    set -- "$@" -c "$so_sql"
    shift
  done
  psql -X -A -t -q -w -v ON_ERROR_STOP=1 -d "$so_conn" "$@"
}

# ---- step 1: which file -----------------------------------------------------------
if [ -n "$RESTORE_FILE" ]; then
  case "$RESTORE_FILE" in
    */* | .*) die "RESTORE_FILE must be a file name in $SRC_DIR, got '$RESTORE_FILE'" ;;
    *.globals.sql.gz) die "$RESTORE_FILE holds roles and other globals, not a database; restore its database's backup with RESTORE_WITH_GLOBALS=true" ;;
    *.sql.gz | *.dump) ;;
    *) die "RESTORE_FILE must name a .sql.gz or .dump backup, got '$RESTORE_FILE'" ;;
  esac
  FILE=$RESTORE_FILE
else
  FILE=$(bg_newest "$SRC_DIR" "$SOURCE_DB" "$RESTORE_TIER")
  [ -n "$FILE" ] || die "no $RESTORE_TIER backup of database '$SOURCE_DB' found in $SRC_DIR"
  log "newest $RESTORE_TIER backup of '$SOURCE_DB' is $FILE"
fi
PATH_FILE=$SRC_DIR/$FILE
[ -f "$PATH_FILE" ] || die "backup file $PATH_FILE does not exist"
STEM=$(bg_stem "$FILE")
case "$FILE" in
  *.sql.gz) FORMAT=plain ;;
  *) FORMAT=custom ;;
esac
if [ "$FORMAT" = plain ]; then
  # A plain dump is SQL text replayed by psql: what it says about owners and grants happens.
  [ "$NO_OWNER" -eq 0 ] || die "RESTORE_NO_OWNER needs a custom-format (.dump) backup; $FILE is plain SQL, which replays its owners as written (create the roles first, e.g. RESTORE_WITH_GLOBALS=true)"
  [ "$NO_PRIVILEGES" -eq 0 ] || die "RESTORE_NO_PRIVILEGES needs a custom-format (.dump) backup; $FILE is plain SQL, which replays its grants as written"
  [ "$RESTORE_JOBS" -eq 1 ] || die "RESTORE_JOBS > 1 (parallel restore) needs a custom-format (.dump) backup; $FILE is plain SQL"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/restore.XXXXXX") || die "cannot create a work directory in ${TMPDIR:-/tmp}"

# ---- step 2: checksums before anything touches a database ---------------------------
WHY=$(bg_check_sha "$PATH_FILE") || die "$WHY; refusing to restore a corrupt or unverifiable backup"
DUMP_SHA=$(cut -d ' ' -f 1 <"$PATH_FILE.sha256")
if [ "$FORMAT" = plain ]; then
  # One read for both: the gzip stream is whole, and it ends with pg_dump's completion marker.
  { gzip -dc "$PATH_FILE" 2>/dev/null || : >"$WORK/gzip-failed"; } | tail -n 5 >"$WORK/tail"
  [ ! -e "$WORK/gzip-failed" ] || die "$FILE fails the gzip integrity test"
  grep -q '^-- PostgreSQL database dump complete' "$WORK/tail" ||
    die "$FILE does not end with pg_dump's completion marker: the dump is incomplete"
else
  pg_restore --list "$PATH_FILE" >/dev/null 2>"$WORK/toc.err" ||
    die "$FILE is not a readable custom-format dump: $(tail -n 3 "$WORK/toc.err" | tr '\n' ' ')"
fi
MANIFEST=$SRC_DIR/$STEM.manifest
if WHY=$(bg_check_manifest "$SRC_DIR" "$FILE" "$DUMP_SHA"); then
  log "checksum of $FILE verified; manifest $STEM.manifest verified ($(bg_manifest_field "$MANIFEST" counts) counts)"
else
  case $? in
    2)
      MANIFEST=""
      log "checksum of $FILE verified (it has no row-count manifest: written by an older backupgen)"
      ;;
    *) die "$WHY; refusing to restore" ;;
  esac
fi
if [ "$WITH_GLOBALS" -eq 1 ]; then
  GLOBALS=$SRC_DIR/$STEM.globals.sql.gz
  [ -f "$GLOBALS" ] || die "RESTORE_WITH_GLOBALS=true but $STEM.globals.sql.gz does not exist (backups take globals only with backup.globals: true)"
  WHY=$(bg_check_sha "$GLOBALS") || die "$WHY; refusing to apply corrupt globals"
  log "checksum of $STEM.globals.sql.gz verified"
fi

# ---- step 3: target reachable, absent (to create) or empty (unless forced) ------------
pg_isready -q -t "$PGCONNECT_TIMEOUT" || {
  rc=$?
  die "PostgreSQL server ${PGHOST:-<local socket>}:${PGPORT:-5432} is not accepting connections (pg_isready exit $rc)"
}
EXISTS=1
if [ "$CREATE_DB" -eq 1 ]; then
  if ! FOUND=$(printf '%s\n' "SELECT count(*) FROM pg_database WHERE datname = :'target';" |
    psql -X -A -t -q -w -v ON_ERROR_STOP=1 -v target="$TARGET" -d "$MAINT_CONN" 2>&1); then
    die "cannot look up database '$TARGET' through maintenance database '$MAINT' (set RESTORE_MAINTENANCE_DB?): $FOUND"
  fi
  [ "$FOUND" = 1 ] || EXISTS=0
fi
# Objects that make a database "non-empty": any relation, function, type or
# schema outside the system schemas (the empty public schema does not count).
COUNT_SQL="SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_')
     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_')
     + (SELECT count(*) FROM pg_namespace n
                    WHERE n.nspname NOT IN ('information_schema', 'public') AND n.nspname !~ '^pg_')"
OBJECTS=0
if [ "$EXISTS" -eq 1 ]; then
  if ! OBJECTS=$(sql_on "$TARGET_CONN" "$COUNT_SQL" 2>&1); then
    die "cannot connect to target database '$TARGET' as '$PGUSER' (does it exist? RESTORE_CREATE_DB=true creates it): $OBJECTS"
  fi
  case "$OBJECTS" in
    '' | *[!0-9]*) die "unexpected answer counting objects in '$TARGET': $OBJECTS" ;;
  esac
  if [ "$OBJECTS" -gt 0 ]; then
    [ "$FORCE" -eq 1 ] ||
      die "target database '$TARGET' is not empty ($OBJECTS objects); refusing to restore over it (set RESTORE_FORCE=true to replace its content, or restore into a new database with RESTORE_TARGET_DB and RESTORE_CREATE_DB=true)"
    log "target database '$TARGET' is not empty ($OBJECTS objects); RESTORE_FORCE=true: its schemas will be replaced"
  else
    log "target database '$TARGET' is empty"
  fi
else
  log "target database '$TARGET' does not exist; it will be created (RESTORE_CREATE_DB=true)"
fi

# ---- step 4: optional backup of the target first ----------------------------------------
if [ "$BACKUP_FIRST" -eq 1 ]; then
  if [ "$OBJECTS" -gt 0 ]; then
    log "backing up '$TARGET' before restoring (tier prerestore)"
    PGDATABASE=$TARGET BACKUP_TIER=prerestore BACKUP_KEEP=${RESTORE_PRERESTORE_KEEP:-3} \
      sh "$(dirname "$0")/backup.sh" || die "backup before restore failed; target left untouched"
  else
    log "no backup before restoring: '$TARGET' holds nothing"
  fi
fi

# ---- step 5: optional globals (roles), tolerating roles that exist ----------------------
# pg_dumpall --globals-only writes one statement per line. Statements about a role
# that already exists (CREATE ROLE, ALTER ROLE, COMMENT ON ROLE) are left out, so
# its attributes and password stay as they are; tablespaces are left out (their
# paths belong to the old server). The rest runs as one transaction.
apply_globals() {
  ag_db=$TARGET_CONN
  [ "$EXISTS" -eq 1 ] || ag_db=$MAINT_CONN
  sql_on "$ag_db" "SELECT quote_ident(rolname) FROM pg_roles" >"$WORK/roles" ||
    die "cannot list the server's roles"
  gzip -dc "$GLOBALS" >"$WORK/globals.in" || die "cannot read $STEM.globals.sql.gz"
  awk -v skipped="$WORK/globals.skipped" '
    function role(s,   i, c, out) {
      if (substr(s, 1, 1) != "\"") { match(s, /^[^ ;]+/); return substr(s, 1, RLENGTH) }
      out = "\""
      for (i = 2; i <= length(s); i++) {
        c = substr(s, i, 1)
        out = out c
        if (c == "\"") {
          if (substr(s, i + 1, 1) == "\"") { out = out "\""; i++ } else { return out }
        }
      }
      return out
    }
    FNR == NR { have[$0] = 1; next }
    /^CREATE ROLE / { r = role(substr($0, 13)); if (r in have) { print "exists " r > skipped; next } }
    /^ALTER ROLE / { if (role(substr($0, 12)) in have) next }
    /^COMMENT ON ROLE / { if (role(substr($0, 17)) in have) next }
    /^(CREATE|ALTER|DROP|COMMENT ON|SECURITY LABEL)[^;]* TABLESPACE / { print "tablespace " $0 > skipped; next }
    /^(GRANT|REVOKE) [^;]* ON TABLESPACE / { next }
    { print }
  ' "$WORK/roles" "$WORK/globals.in" >"$WORK/globals.sql" || die "cannot filter $STEM.globals.sql.gz"
  if [ -s "$WORK/globals.skipped" ]; then
    log "globals: left as they are: $(sed -n 's/^exists //p' "$WORK/globals.skipped" | tr '\n' ' ')"
    ! grep -q '^tablespace ' "$WORK/globals.skipped" || log "globals: tablespaces are not restored (their paths belong to the old server)"
  fi
  psql -X -q -w -v ON_ERROR_STOP=1 --single-transaction -d "$ag_db" -f "$WORK/globals.sql" >"$WORK/globals.out" 2>&1 || {
    tail -n 10 "$WORK/globals.out" >&2
    die "applying $STEM.globals.sql.gz failed (creating roles needs CREATEROLE or a superuser); nothing of it was applied"
  }
  log "applied the roles of $STEM.globals.sql.gz ($(grep -c '^CREATE ROLE ' "$WORK/globals.sql" || true) created)"
}
[ "$WITH_GLOBALS" -eq 0 ] || apply_globals

# ---- step 6: create the target --------------------------------------------------------
if [ "$EXISTS" -eq 0 ]; then
  printf '%s\n' 'CREATE DATABASE :"target";' |
    psql -X -q -w -v ON_ERROR_STOP=1 -v target="$TARGET" -d "$MAINT_CONN" >"$WORK/create.out" 2>&1 ||
    die "cannot create database '$TARGET' (the user needs CREATEDB): $(tail -n 3 "$WORK/create.out" | tr '\n' ' ')"
  log "created database '$TARGET' (owner '$PGUSER')"
fi

# ---- step 7: restore ---------------------------------------------------------------------
# With RESTORE_FORCE every non-system schema is dropped and an empty public
# schema recreated, in the same transaction as the restore where there is one.
force_sql() {
  cat <<'SQL'
DO $force$
DECLARE s text;
BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
           WHERE nspname <> 'information_schema' AND nspname !~ '^pg_'
  LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
  IF current_setting('server_version_num')::int >= 150000 THEN
    ALTER SCHEMA public OWNER TO pg_database_owner;
  ELSE
    GRANT CREATE ON SCHEMA public TO PUBLIC;
  END IF;
  GRANT USAGE ON SCHEMA public TO PUBLIC;
END
$force$;
SQL
}
set -- --exit-on-error
[ "$NO_OWNER" -eq 0 ] || set -- "$@" --no-owner
[ "$NO_PRIVILEGES" -eq 0 ] || set -- "$@" --no-privileges
REPLACE=0
[ "$OBJECTS" -eq 0 ] || REPLACE=1
# SQL into psql as one transaction: COMMIT is only sent after the reader
# succeeded, otherwise a marker file is left and psql's end of input rolls the
# transaction back (the forced drop included).
restore_through_psql() {
  {
    printf 'BEGIN;\nSET client_min_messages = warning;\n'
    [ "$REPLACE" -eq 0 ] || force_sql
    if "$@"; then
      printf '\nCOMMIT;\n'
    else
      : >"$WORK/reader-failed"
    fi
  } | psql -X -q -w -v ON_ERROR_STOP=1 -d "$TARGET_CONN" >"$WORK/restore.out" 2>&1 || {
    rc=$?
    tail -n 20 "$WORK/restore.out" >&2 || true
    die "restore of $FILE into '$TARGET' failed (psql exit $rc); the transaction was rolled back, the target is unchanged"
  }
  [ ! -e "$WORK/reader-failed" ] ||
    die "reading $FILE failed; the transaction was rolled back, the target is unchanged"
}
if [ "$FORMAT" = plain ]; then
  log "restoring $FILE (plain SQL, one transaction) into '$TARGET'"
  restore_through_psql gzip -dc "$PATH_FILE"
elif [ "$RESTORE_JOBS" -gt 1 ]; then
  log "WARNING: restoring $FILE with $RESTORE_JOBS parallel jobs: parallel sessions cannot be one transaction, a failure leaves '$TARGET' partly restored"
  if [ "$REPLACE" -eq 1 ]; then
    force_sql | psql -X -q -w -v ON_ERROR_STOP=1 -d "$TARGET_CONN" >"$WORK/force.out" 2>&1 ||
      die "dropping the content of '$TARGET' failed: $(tail -n 3 "$WORK/force.out" | tr '\n' ' ')"
    log "dropped the schemas of '$TARGET' (RESTORE_FORCE=true)"
  fi
  pg_restore "$@" --jobs="$RESTORE_JOBS" --dbname="$TARGET_CONN" "$PATH_FILE" 2>"$WORK/restore.out" || {
    tail -n 20 "$WORK/restore.out" >&2 || true
    die "parallel restore of $FILE into '$TARGET' failed; '$TARGET' is partly restored: restore again with RESTORE_FORCE=true"
  }
elif [ "$REPLACE" -eq 1 ]; then
  # pg_restore's own --single-transaction cannot include the drop of the old content;
  # its SQL goes through psql so that the drop and the restore commit together.
  log "restoring $FILE (custom format, one transaction with the drop of the old content) into '$TARGET'"
  restore_through_psql pg_restore "$@" --file=- "$PATH_FILE"
else
  log "restoring $FILE (custom format, pg_restore --single-transaction) into '$TARGET'"
  pg_restore "$@" --single-transaction --dbname="$TARGET_CONN" "$PATH_FILE" 2>"$WORK/restore.out" || {
    tail -n 20 "$WORK/restore.out" >&2 || true
    die "restore of $FILE into '$TARGET' failed; the transaction was rolled back, the target is unchanged"
  }
fi
# (client_min_messages: a non-superuser's ANALYZE warns about every shared catalog)
sql_on "$TARGET_CONN" 'SET client_min_messages = error' 'ANALYZE' >/dev/null ||
  die "restored, but ANALYZE on '$TARGET' failed"
RESTORED=$(sql_on "$TARGET_CONN" "$COUNT_SQL") || die "cannot count restored objects"
log "restored $FILE into '$TARGET' ($RESTORED objects)"

# ---- step 8: optional proof of content: every table's rows against the manifest ------------
# Exact counts (taken in the dump's snapshot) must match table by table; approximate
# ones (no snapshot could be held at backup time) only warn on a different count.
check_rows() {
  bg_rowcount_sql | psql -X -A -t -q -w -v ON_ERROR_STOP=1 -d "$TARGET_CONN" >"$WORK/restored" ||
    die "counting the restored rows in '$TARGET' failed"
  [ -z "${RESTORE_COUNTS_FILE:-}" ] || cp "$WORK/restored" "$RESTORE_COUNTS_FILE" ||
    die "cannot write RESTORE_COUNTS_FILE $RESTORE_COUNTS_FILE"
  if [ -z "$MANIFEST" ]; then
    log "WARNING: $FILE has no row-count manifest; restored rows cannot be compared"
    return 0
  fi
  grep '^table ' "$MANIFEST" >"$WORK/expected" || : >"$WORK/expected"
  # One line per table: "same|differs|missing|extra <rows restored> <rows in manifest> <name>"
  awk '
    { n = $2; name = $0; sub(/^table [0-9]+ /, "", name) }
    FNR == NR { want[name] = n; order[++k] = name; next }
    { got[name] = n; if (!(name in want)) print "extra " n " - " name }
    END {
      for (i = 1; i <= k; i++) {
        t = order[i]
        if (!(t in got)) print "missing - " want[t] " " t
        else print (got[t] == want[t] ? "same " : "differs ") got[t] " " want[t] " " t
      }
    }
  ' "$WORK/expected" "$WORK/restored" >"$WORK/compared" || die "comparing row counts failed"
  cr_counts=$(bg_manifest_field "$MANIFEST" counts)
  cr_bad=0 cr_tables=0 cr_rows=0
  while read -r cr_state cr_got cr_want cr_name; do
    case "$cr_state" in
      same)
        cr_tables=$((cr_tables + 1))
        cr_rows=$((cr_rows + cr_got))
        log "table $cr_name: $cr_got rows, as in the manifest"
        ;;
      differs)
        cr_tables=$((cr_tables + 1))
        cr_rows=$((cr_rows + cr_got))
        if [ "$cr_counts" = exact ]; then
          printf '%s %s: ERROR: table %s: %s rows restored, the manifest counted %s in the dump'"'"'s snapshot\n' \
            "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$cr_name" "$cr_got" "$cr_want" >&2
          cr_bad=$((cr_bad + 1))
        else
          log "WARNING: table $cr_name: $cr_got rows restored, about $cr_want counted after the dump (approximate)"
        fi
        ;;
      missing)
        printf '%s %s: ERROR: table %s: in the manifest (%s rows) but not restored\n' \
          "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$cr_name" "$cr_want" >&2
        cr_bad=$((cr_bad + 1))
        ;;
      extra)
        printf '%s %s: ERROR: table %s: restored (%s rows) but not in the manifest\n' \
          "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$cr_name" "$cr_got" >&2
        cr_bad=$((cr_bad + 1))
        ;;
    esac
  done <"$WORK/compared"
  [ "$cr_bad" -eq 0 ] ||
    die "the restored content of $FILE differs from its manifest in $cr_bad table(s): the backup is not complete"
  log "row counts match the manifest ($cr_counts): $cr_tables tables, $cr_rows rows"
}
[ "$CHECK_ROWS" -eq 0 ] || check_rows
log "done: restored $FILE into '$TARGET'"
