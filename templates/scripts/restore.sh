#!/bin/sh
# backupgen: restore one backup written by backup.sh into a database.
#
# Static POSIX sh (busybox ash / dash); configured only by the environment:
#   libpq:   PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD
#   BACKUP_DIR            where backups live                       (default /backups)
#   RESTORE_FILE          file name in BACKUP_DIR; empty = newest backup of
#                         database PGDATABASE in tier RESTORE_TIER
#   RESTORE_TIER          daily|weekly|monthly|prerestore          (default daily)
#   RESTORE_TARGET_DB     database to restore into (must exist)    (default PGDATABASE)
#   RESTORE_FORCE         true: replace the content of a non-empty target (default false)
#   RESTORE_BACKUP_FIRST  true: back up the target (tier prerestore) before restoring
#   RESTORE_PRERESTORE_KEEP  how many prerestore backups to keep    (default 3)
#
# Order: checksum first; then the target's safety check; then the optional
# backup; then the restore, as ONE transaction: it commits only if the whole
# file was read and every statement succeeded, so a failed restore leaves the
# target as it was. Any failure exits non-zero.
#
# Roles and other globals (<stem>.globals.sql.gz) are cluster-wide and are not
# restored here; apply them by hand with psql if the roles are missing.
set -eu
umask 077

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

BACKUP_DIR=${BACKUP_DIR:-/backups}
RESTORE_FILE=${RESTORE_FILE:-}
RESTORE_TIER=${RESTORE_TIER:-daily}
RESTORE_FORCE=${RESTORE_FORCE:-false}
RESTORE_BACKUP_FIRST=${RESTORE_BACKUP_FIRST:-false}
PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
export PGCONNECT_TIMEOUT

[ -n "${PGDATABASE:-}" ] || die "PGDATABASE is not set"
[ -n "${PGUSER:-}" ] || die "PGUSER is not set"
SOURCE_DB=$PGDATABASE
TARGET=${RESTORE_TARGET_DB:-$SOURCE_DB}
PROG="restore[$TARGET]"
is_true RESTORE_FORCE "$RESTORE_FORCE" && FORCE=1 || FORCE=0
is_true RESTORE_BACKUP_FIRST "$RESTORE_BACKUP_FIRST" && BACKUP_FIRST=1 || BACKUP_FIRST=0
case "$RESTORE_TIER" in
  daily | weekly | monthly | prerestore) ;;
  *) die "RESTORE_TIER must be daily, weekly, monthly or prerestore, got '$RESTORE_TIER'" ;;
esac
[ -d "$BACKUP_DIR" ] || die "backup directory $BACKUP_DIR does not exist"

# ---- step 1: which file ---------------------------------------------------
newest_of_tier() {
  # strict name <db>_<tier>_YYYYmmdd_HHMMSS.(sql.gz|dump), db name matched literally
  nt_prefix=${SOURCE_DB}_${RESTORE_TIER}_
  for nt_path in "$BACKUP_DIR"/*; do
    nt_name=${nt_path##*/}
    case "$nt_name" in
      "$nt_prefix"*) nt_rest=${nt_name#"$nt_prefix"} ;;
      *) continue ;;
    esac
    case "$nt_rest" in
      [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].sql.gz | \
        [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].dump)
        printf '%s\n' "$nt_name"
        ;;
    esac
  done | sort -r | head -n 1
}
if [ -n "$RESTORE_FILE" ]; then
  case "$RESTORE_FILE" in
    */* | .*) die "RESTORE_FILE must be a file name in $BACKUP_DIR, got '$RESTORE_FILE'" ;;
    *.globals.sql.gz) die "$RESTORE_FILE holds roles and other globals, not a database; apply it by hand with psql" ;;
    *.sql.gz | *.dump) ;;
    *) die "RESTORE_FILE must name a .sql.gz or .dump backup, got '$RESTORE_FILE'" ;;
  esac
  FILE=$RESTORE_FILE
else
  FILE=$(newest_of_tier)
  [ -n "$FILE" ] || die "no $RESTORE_TIER backup of database '$SOURCE_DB' found in $BACKUP_DIR"
  log "newest $RESTORE_TIER backup of '$SOURCE_DB' is $FILE"
fi
PATH_FILE=$BACKUP_DIR/$FILE
[ -f "$PATH_FILE" ] || die "backup file $PATH_FILE does not exist"
case "$FILE" in
  *.sql.gz) FORMAT=plain ;;
  *) FORMAT=custom ;;
esac

# ---- step 2: checksum before anything touches the database ----------------
[ -f "$PATH_FILE.sha256" ] || die "checksum file $FILE.sha256 is missing; refusing to restore an unverifiable backup"
EXPECTED=$(cut -d ' ' -f 1 <"$PATH_FILE.sha256")
ACTUAL=$(sha256sum "$PATH_FILE") || die "sha256sum of $FILE failed"
ACTUAL=${ACTUAL%% *}
case "$EXPECTED" in
  '' | *[!0-9a-f]*) die "checksum file $FILE.sha256 is malformed" ;;
esac
[ "$EXPECTED" = "$ACTUAL" ] ||
  die "checksum mismatch for $FILE: expected $EXPECTED, file has $ACTUAL; refusing to restore a corrupt backup"
if [ "$FORMAT" = plain ]; then
  gzip -t "$PATH_FILE" 2>/dev/null || die "$FILE fails the gzip integrity test"
fi
log "checksum of $FILE verified"

# ---- step 3: target reachable and empty (unless forced) -------------------
pg_isready -q -t "$PGCONNECT_TIMEOUT" || {
  rc=$?
  die "PostgreSQL server ${PGHOST:-<local socket>}:${PGPORT:-5432} is not accepting connections (pg_isready exit $rc)"
}
# Objects that make a database "non-empty": any relation, function, type or
# schema outside the system schemas (the empty public schema does not count).
COUNT_SQL="SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_')
     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_')
     + (SELECT count(*) FROM pg_namespace n
                    WHERE n.nspname NOT IN ('information_schema', 'public') AND n.nspname !~ '^pg_')"
if ! OBJECTS=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$TARGET" -c "$COUNT_SQL" 2>&1); then
  die "cannot connect to target database '$TARGET' as '$PGUSER' (does it exist? create it first): $OBJECTS"
fi
case "$OBJECTS" in
  '' | *[!0-9]*) die "unexpected answer counting objects in '$TARGET': $OBJECTS" ;;
esac
if [ "$OBJECTS" -gt 0 ]; then
  [ "$FORCE" -eq 1 ] ||
    die "target database '$TARGET' is not empty ($OBJECTS objects); refusing to restore over it (set RESTORE_FORCE=true to replace its content)"
  log "target database '$TARGET' is not empty ($OBJECTS objects); RESTORE_FORCE=true: its schemas will be replaced"
else
  log "target database '$TARGET' is empty"
fi

# ---- step 4: optional backup of the target first ---------------------------
if [ "$BACKUP_FIRST" -eq 1 ]; then
  log "backing up '$TARGET' before restoring (tier prerestore)"
  SCRIPT_DIR=$(dirname "$0")
  PGDATABASE=$TARGET BACKUP_TIER=prerestore BACKUP_KEEP=${RESTORE_PRERESTORE_KEEP:-3} \
    sh "$SCRIPT_DIR/backup.sh" || die "backup before restore failed; target left untouched"
fi

# ---- step 5: restore in one transaction ------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/restore.XXXXXX") || die "cannot create a work directory in ${TMPDIR:-/tmp}"
STATUS=$WORK/reader-failed
# With RESTORE_FORCE every non-system schema is dropped and an empty public
# schema recreated, inside the same transaction as the restore.
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
read_backup() {
  if [ "$FORMAT" = plain ]; then
    gzip -dc "$PATH_FILE"
  else
    pg_restore --no-owner --no-privileges --file=- "$PATH_FILE"
  fi
}
log "restoring $FILE ($FORMAT) into '$TARGET'"
# The reader's failure cannot hide behind the pipe: COMMIT is only sent after
# the reader succeeded, otherwise a marker file is left and psql's end of
# input rolls the transaction back.
{
  printf 'BEGIN;\nSET client_min_messages = warning;\n'
  [ "$FORCE" -eq 0 ] || force_sql
  if read_backup; then
    printf '\nCOMMIT;\n'
  else
    : >"$STATUS"
  fi
} | psql -X -q -v ON_ERROR_STOP=1 -d "$TARGET" >"$WORK/psql.out" || {
  rc=$?
  tail -n 20 "$WORK/psql.out" >&2 || true
  die "restore of $FILE into '$TARGET' failed (psql exit $rc); the transaction was rolled back, the target is unchanged"
}
[ ! -e "$STATUS" ] ||
  die "reading $FILE failed; the transaction was rolled back, the target is unchanged"
# (client_min_messages: a non-superuser's ANALYZE warns about every shared catalog)
psql -X -q -v ON_ERROR_STOP=1 -d "$TARGET" -c 'SET client_min_messages = error' -c 'ANALYZE' >/dev/null ||
  die "restored, but ANALYZE on '$TARGET' failed"
RESTORED=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$TARGET" -c "$COUNT_SQL") || die "cannot count restored objects"
log "done: restored $FILE into '$TARGET' ($RESTORED objects)"
