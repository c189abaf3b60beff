#!/bin/sh
# backupgen: logical backup of one PostgreSQL database into BACKUP_DIR.
#
# Static POSIX sh (runs under busybox ash in alpine images and under dash);
# everything configurable comes from the environment, see docs/scripts.md.
#
#   libpq:   PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD (read by the pg tools)
#   BACKUP_DIR          where backups live                 (default /backups)
#   BACKUP_TIER         daily|weekly|monthly|prerestore    (required)
#   BACKUP_KEEP         how many backups of this tier of this database to keep (>= 1)
#   BACKUP_FORMAT       plain -> <db>_<tier>_<ts>.sql.gz, custom -> <db>_<tier>_<ts>.dump
#   BACKUP_COMPRESSION  0-9 (plain needs 1-9: its file is gzip)      (default 6)
#   BACKUP_GLOBALS      true|false: also write <db>_<tier>_<ts>.globals.sql.gz
#   BACKUP_NO_ROLE_PASSWORDS true|false: pg_dumpall --no-role-passwords (needed
#                       when the user is not a superuser, e.g. managed servers)
#   BACKUP_FREE_SPACE_MARGIN_PERCENT  refuse to start when the volume has less free
#                       space than the last dump of this tier times this percentage
#                       (default 125; 0 skips the check)
#   BACKUP_PROMOTE      one-dump mode: "weekly=KEEP monthly=KEEP" files this run's dump
#                       into those tiers too (the first dump of each ISO week / month,
#                       UTC), as hard links where the volume allows, else as copies
#   PUSHGATEWAY_URL     optional: push this run's metrics there (metrics.sh); empty: no push
#   METRICS_CRONJOB, METRICS_NAMESPACE  the Pushgateway grouping labels (set by the manifests)
#
# Every file is written under a hidden temporary name, verified, given a
# <file>.sha256 (sha256sum format) and only then renamed to its final name.
# Old backups are pruned only after that, only of this tier of this database,
# and never the file just written. Any failure exits non-zero.
#
# The dump keeps owners and privileges (the restore decides whether to apply
# them). Beside it, <stem>.manifest records the exact row count of every table,
# counted in the very snapshot pg_dump dumps (see step 5), so a restore can
# prove it got every row back.
set -eu
umask 027
# shellcheck source=/dev/null # common.sh is shipped beside this script
. "$(dirname "$0")/common.sh"

PROG=backup
STARTED=$(date +%s)
log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*"; }
die() { printf '%s %s: ERROR: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*" >&2; exit 1; }

is_true() {
  case "$2" in
    true) return 0 ;;
    false) return 1 ;;
    *) die "$1 must be true or false, got '$2'" ;;
  esac
}

# Temporary files this run owns until they are published; removed on any exit.
# Each is cleared once renamed, so a later run's file of the same name is never touched.
TMP="" TMP_SHA="" G_SQL="" G_TMP="" G_SHA="" M_TMP="" M_SHA=""
SESSION_DIR="" # the snapshot session of step 5, once it exists
cleanup() {
  [ -z "$SESSION_DIR" ] || session_abort
  for tmp_f in "$TMP" "$TMP_SHA" "$G_SQL" "$G_TMP" "$G_SHA" "$M_TMP" "$M_SHA"; do
    [ -z "$tmp_f" ] || rm -f "$tmp_f"
  done
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- configuration -------------------------------------------------------
BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_FORMAT=${BACKUP_FORMAT:-plain}
BACKUP_COMPRESSION=${BACKUP_COMPRESSION:-6}
BACKUP_GLOBALS=${BACKUP_GLOBALS:-false}
BACKUP_NO_ROLE_PASSWORDS=${BACKUP_NO_ROLE_PASSWORDS:-false}
PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
export PGCONNECT_TIMEOUT

[ -n "${PGDATABASE:-}" ] || die "PGDATABASE is not set"
[ -n "${PGUSER:-}" ] || die "PGUSER is not set"
DB=$PGDATABASE
case "$DB" in
  */* | .*) die "database name '$DB' cannot be used in a file name" ;;
esac
TIER=${BACKUP_TIER:-}
case "$TIER" in
  daily | weekly | monthly | prerestore) ;;
  *) die "BACKUP_TIER must be daily, weekly, monthly or prerestore, got '$TIER'" ;;
esac
PROG="backup[$DB/$TIER]"
KEEP=${BACKUP_KEEP:-}
case "$KEEP" in
  '' | *[!0-9]*) die "BACKUP_KEEP must be an integer >= 1, got '$KEEP'" ;;
esac
[ "$KEEP" -ge 1 ] || die "BACKUP_KEEP must be an integer >= 1, got '$KEEP'"
case "$BACKUP_COMPRESSION" in
  [0-9]) ;;
  *) die "BACKUP_COMPRESSION must be 0-9, got '$BACKUP_COMPRESSION'" ;;
esac
case "$BACKUP_FORMAT" in
  plain)
    EXT=.sql.gz
    [ "$BACKUP_COMPRESSION" -ge 1 ] || die "BACKUP_FORMAT=plain writes gzip and needs BACKUP_COMPRESSION 1-9, got 0"
    ;;
  custom) EXT=.dump ;;
  *) die "BACKUP_FORMAT must be plain or custom, got '$BACKUP_FORMAT'" ;;
esac
is_true BACKUP_GLOBALS "$BACKUP_GLOBALS" && GLOBALS=1 || GLOBALS=0
is_true BACKUP_NO_ROLE_PASSWORDS "$BACKUP_NO_ROLE_PASSWORDS" && NO_ROLE_PW=1 || NO_ROLE_PW=0

log "starting: database '$DB' on ${PGHOST:-<local socket>}:${PGPORT:-5432} as '$PGUSER', format $BACKUP_FORMAT, keep $KEEP, globals $BACKUP_GLOBALS"

# ---- step 1: backup directory --------------------------------------------
[ -d "$BACKUP_DIR" ] || die "backup directory $BACKUP_DIR does not exist"
if [ ! -w "$BACKUP_DIR" ] || [ ! -x "$BACKUP_DIR" ]; then
  die "backup directory $BACKUP_DIR is not writable by uid $(id -u) gid $(id -g) (check the volume's owner and the pod's fsGroup)"
fi
log "backup directory $BACKUP_DIR is writable"

# Names of this tier of this database start with PREFIX (matched literally, never as a pattern).
PREFIX=${DB}_${TIER}_
TS_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9]'

# ---- step 1b: enough free space for the next dump --------------------------
# A full volume fails every later run with "No space left on device" and says
# nothing in advance: refuse to start, before anything is written, when the
# free space is below the newest dump of this tier times the margin.
MARGIN=${BACKUP_FREE_SPACE_MARGIN_PERCENT:-125}
case "$MARGIN" in
  '' | *[!0-9]*) die "BACKUP_FREE_SPACE_MARGIN_PERCENT must be an integer percentage (e.g. 125; 0 skips the check), got '$MARGIN'" ;;
esac
# newest_of PREFIX: the newest published dump named PREFIX<timestamp>.(sql.gz|dump), or nothing.
newest_of() {
  no_last=""
  for no_path in "$BACKUP_DIR/$1"*; do
    no_rest=${no_path#"$BACKUP_DIR/$1"}
    # shellcheck disable=SC2254 # TS_GLOB is a pattern on purpose
    case "$no_rest" in
      $TS_GLOB.sql.gz | $TS_GLOB.dump) no_last=${no_path##*/} ;; # globs expand sorted: the last is the newest
    esac
  done
  printf '%s' "$no_last"
}
size_kib() {
  # allocated size of file $1 in KiB (du reads the inode, never the data)
  sk=$(du -k "$1" | cut -f 1) || die "cannot read the size of $1"
  case "$sk" in
    '' | *[!0-9]*) die "cannot read the size of $1" ;;
  esac
  printf '%s\n' "$sk"
}
free_kib() {
  fk=$(df -Pk "$BACKUP_DIR" | awk 'NR == 2 {print $4}')
  case "$fk" in
    '' | *[!0-9]*) die "cannot determine the free space of $BACKUP_DIR (df -Pk failed); set BACKUP_FREE_SPACE_MARGIN_PERCENT=0 to skip this check" ;;
  esac
  printf '%s\n' "$fk"
}
check_free_space() {
  [ "$MARGIN" -gt 0 ] || { log "free-space check skipped (BACKUP_FREE_SPACE_MARGIN_PERCENT=0)"; return 0; }
  cf_last=$(newest_of "${DB}_${TIER}_")
  [ -n "$cf_last" ] || { log "free-space check: no earlier $TIER backup to size the next one by"; return 0; }
  cf_size=$(size_kib "$BACKUP_DIR/$cf_last") || exit 1
  cf_free=$(free_kib) || exit 1
  cf_need=$((cf_size * MARGIN / 100))
  if [ "$cf_free" -lt "$cf_need" ]; then
    die "not enough free space on $BACKUP_DIR: ${cf_free} KiB free, but the last $TIER backup $cf_last is ${cf_size} KiB and ${MARGIN}% of it (${cf_need} KiB) must be free; nothing was written. Make room: lower the tiers' keep, raise storage.size, or delete old backups"
  fi
  log "free space ${cf_free} KiB >= ${cf_need} KiB (${MARGIN}% of $cf_last)"
}
check_free_space

# A run killed outright (OOM, node loss) cannot clean up after itself: remove
# temporary files of this tier of this database once they are a day old, far
# longer than any run may take (a younger one may belong to a running job).
find "$BACKUP_DIR" -maxdepth 1 -type f -name '.*.partial' -mmin +1440 | while IFS= read -r stale; do
  stale_name=${stale##*/}
  case "$stale_name" in
    ".$PREFIX"*) stale_rest=${stale_name#".$PREFIX"} ;;
    *) continue ;;
  esac
  # shellcheck disable=SC2254 # TS_GLOB is a pattern on purpose
  case "$stale_rest" in
    $TS_GLOB.*.partial)
      rm -f "$stale" && log "removed $stale_name, left by an interrupted run"
      ;;
  esac
done

# ---- step 2: server reachable, credentials work --------------------------
pg_isready -q -t "$PGCONNECT_TIMEOUT" || {
  rc=$?
  die "PostgreSQL server ${PGHOST:-<local socket>}:${PGPORT:-5432} is not accepting connections (pg_isready exit $rc: server down or unreachable)"
}
if ! SERVER_NUM=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -c 'SHOW server_version_num' 2>&1); then
  die "cannot connect to database '$DB' as '$PGUSER' (wrong password, missing grant or database?): $SERVER_NUM"
fi
case "$SERVER_NUM" in
  '' | *[!0-9]*) die "unexpected server_version_num from server: '$SERVER_NUM'" ;;
esac
SERVER_MAJOR=$((SERVER_NUM / 10000))
log "connected: server major version $SERVER_MAJOR"

# ---- step 3: client not older than server --------------------------------
client_major() {
  # "pg_dump (PostgreSQL) 15.14 (Debian ...)" -> 15
  "$1" --version | sed -n 's/^[^ ]* (PostgreSQL) \([0-9][0-9]*\).*/\1/p'
}
check_client() {
  cm=$(client_major "$1") || cm=""
  [ -n "$cm" ] || die "cannot determine the version of $1 (is it installed?)"
  [ "$cm" -ge "$SERVER_MAJOR" ] ||
    die "$1 major version $cm is older than the server's $SERVER_MAJOR; use an image with PostgreSQL $SERVER_MAJOR client tools or newer"
  log "$1 major version $cm >= server $SERVER_MAJOR"
}
check_client pg_dump
[ "$GLOBALS" -eq 0 ] || check_client pg_dumpall

# ---- step 4: reserve a unique name ----------------------------------------
# A run reserves <ts> by creating its temporary file exclusively (noclobber);
# a name that is already reserved or published means another run in the same
# second, so wait for the next second rather than overwrite it.
reserve() {
  (set -C && : >"$1") 2>/dev/null
}
tries=0
while :; do
  TS=$(date -u +%Y%m%d_%H%M%S)
  STEM=${DB}_${TIER}_$TS
  FINAL=$STEM$EXT
  CANDIDATE=$BACKUP_DIR/.$FINAL.partial
  if reserve "$CANDIDATE"; then
    TMP=$CANDIDATE
    if [ ! -e "$BACKUP_DIR/$FINAL" ] && [ ! -e "$BACKUP_DIR/$STEM.sql.gz" ] && [ ! -e "$BACKUP_DIR/$STEM.dump" ]; then
      break
    fi
    rm -f "$TMP"
    TMP=""
  fi
  tries=$((tries + 1))
  [ "$tries" -lt 5 ] || die "could not reserve a unique backup name in $BACKUP_DIR (last tried $FINAL)"
  sleep 1
done
TMP_SHA=$BACKUP_DIR/.$FINAL.sha256.partial
log "writing $FINAL (temporary name .$FINAL.partial)"

# ---- step 5: dump, and count every table's rows in the same snapshot --------
# A session held open on a FIFO exports its snapshot (REPEATABLE READ), counts
# rows in it while pg_dump dumps from the same snapshot (--snapshot), and ends
# only after pg_dump has started. Where no snapshot can be held (a pooler that
# forbids transactions, a role limited to one connection, ...) the dump is taken
# alone and the rows counted after it: the manifest then says "approximate".
#
# Session protocol: psql reads SQL from FIFO "in" (fd 3, written here); every
# query whose answer this script waits for writes one line into FIFO "reply"
# (\g reply), and the subshell around psql writes "exit <status>" there when psql
# ends, so a wait for an answer always ends, even when psql died. fd 4 holds
# "reply" open read-write: psql's open of it never blocks, nor does the final
# "exit" line.
SESSION_OPEN=0
session_abort() {
  if [ "$SESSION_OPEN" -eq 1 ]; then
    exec 3>&- 4<&-
    SESSION_OPEN=0
    # psql would end at end of input after its current query; do not wait for a long count.
    if [ -s "$SESSION_DIR/pid" ]; then
      kill "$(cat "$SESSION_DIR/pid")" 2>/dev/null || true
    fi
  fi
  [ -z "$SESSION_DIR" ] || rm -rf "$SESSION_DIR"
  SESSION_DIR=""
}
session_send() {
  printf '%s\n' "$@" >&3 2>/dev/null
}
session_reply() {
  # sets REPLY to the next answer line ("exit <status>" when psql ended)
  IFS= read -r REPLY <&4 || REPLY="exit ?"
}
session_error() {
  tail -n 5 "$SESSION_DIR/err" 2>/dev/null | tr '\n' ' '
}
# Starts the session and sets SNAPSHOT; fails (session closed) when no snapshot can be held.
session_start() {
  SESSION_DIR=$(mktemp -d "${TMPDIR:-/tmp}/backup-session.XXXXXX") || return 1
  mkfifo "$SESSION_DIR/in" "$SESSION_DIR/reply" || return 1
  # A write to a session that died must fail, not kill this script (SIGPIPE).
  trap '' PIPE
  exec 4<>"$SESSION_DIR/reply"
  (
    psql -X -A -t -q -w -v ON_ERROR_STOP=1 <"$SESSION_DIR/in" >"$SESSION_DIR/out" 2>"$SESSION_DIR/err" &
    printf '%s\n' "$!" >"$SESSION_DIR/pid"
    wait "$!" && rc=0 || rc=$?
    printf 'exit %s\n' "$rc" >"$SESSION_DIR/reply"
  ) &
  exec 3>"$SESSION_DIR/in"
  SESSION_OPEN=1
  session_send "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;" \
    "SET LOCAL statement_timeout = 0;" "SET LOCAL row_security = off;" \
    "SELECT 'snapshot ' || pg_export_snapshot() \\g $SESSION_DIR/reply" || true
  session_reply
  case "$REPLY" in
    "snapshot "?*) SNAPSHOT=${REPLY#snapshot } ;;
    *) return 1 ;;
  esac
}
# The manifest's body (encoding, roles, tables), queried by psql into file $1.
manifest_queries() {
  printf '%s\n' "\\o $1" \
    "SELECT 'encoding ' || pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database();"
  bg_roles_sql
  bg_rowcount_sql
  printf '%s\n' '\o'
}
# With owners and privileges: whether to apply them is the restore's decision.
run_pg_dump() {
  pg_dump --no-password --format="$BACKUP_FORMAT" --compress="$BACKUP_COMPRESSION" --file="$TMP" "$@" 3>&- 4<&- ||
    die "pg_dump of database '$DB' failed; no backup was written$(
      [ "$SESSION_OPEN" -eq 0 ] || [ ! -s "$SESSION_DIR/err" ] || printf ' (the snapshot session failed: %s)' "$(session_error)")"
  log "pg_dump finished"
}
# The session and pg_dump are two connections at once: a role or database limited
# to fewer free ones gets the fallback instead of a failed dump.
connection_room() {
  psql -X -A -t -q -w -v ON_ERROR_STOP=1 -c "
    SELECT CASE
      WHEN r.rolconnlimit >= 0 AND r.rolconnlimit - (SELECT count(*) FROM pg_stat_activity
             WHERE usename = current_user AND pid <> pg_backend_pid()) < 2
        THEN 'role ' || quote_ident(current_user) || ' may open only ' || r.rolconnlimit || ' connection(s)'
      WHEN d.datconnlimit >= 0 AND d.datconnlimit - (SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()) < 2
        THEN 'database ' || quote_ident(current_database()) || ' allows only ' || d.datconnlimit || ' connection(s)'
      ELSE 'ok' END
    FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()"
}
ROOM=$(connection_room 2>/dev/null) || ROOM=ok
COUNTS=approximate
if [ "$ROOM" = ok ] && session_start; then
  log "holding snapshot $SNAPSHOT: counting rows in it while pg_dump dumps it"
  session_send "$(manifest_queries "$SESSION_DIR/body")" "SELECT 'counted' \\g $SESSION_DIR/reply" ||
    die "the snapshot session ended before counting rows: $(session_error)"
  run_pg_dump --snapshot="$SNAPSHOT"
  session_reply
  [ "$REPLY" = counted ] || die "counting rows in the dump's snapshot failed: $(session_error)"
  session_send "COMMIT;" || true
  exec 3>&-
  session_reply
  [ "$REPLY" = "exit 0" ] || die "the snapshot session did not end cleanly ($REPLY): $(session_error)"
  wait
  exec 4<&-
  SESSION_OPEN=0
  trap - PIPE
  COUNTS=exact
  log "row counts taken in the dump's snapshot"
else
  [ "$ROOM" != ok ] || ROOM=$(session_error)
  log "WARNING: cannot hold a snapshot for the row counts ($ROOM); dumping alone, the manifest's counts will be approximate"
  session_abort
  trap - PIPE
  run_pg_dump
  SESSION_DIR=$(mktemp -d "${TMPDIR:-/tmp}/backup-session.XXXXXX") || die "cannot create a work directory in ${TMPDIR:-/tmp}"
  { printf 'SET row_security = off;\n'; manifest_queries "$SESSION_DIR/body"; } |
    psql -X -A -t -q -w -v ON_ERROR_STOP=1 >/dev/null || die "counting rows after the dump failed"
fi

# ---- step 6: verify the dump before it gets a final name -------------------
[ -s "$TMP" ] || die "dump file is empty"
if [ "$BACKUP_FORMAT" = plain ]; then
  gzip -t "$TMP" 2>/dev/null || die "dump file fails the gzip integrity test"
  # pg_dump ends every complete plain dump with this comment.
  gzip -dc "$TMP" | tail -n 5 | grep -q '^-- PostgreSQL database dump complete' ||
    die "dump file does not end with pg_dump's completion marker"
else
  pg_restore --file=/dev/null "$TMP" || die "dump file cannot be read back by pg_restore"
fi
log "verified dump ($(wc -c <"$TMP" | tr -d ' ') bytes)"

sha_of() {
  # prints the sha256 of file $1 (hex only); busybox and GNU sha256sum alike
  so=$(sha256sum "$1") || die "sha256sum of $1 failed"
  so=${so%% *}
  case "$so" in
    *[!0-9a-f]*) die "unexpected sha256sum output for $1" ;;
  esac
  [ ${#so} -eq 64 ] || die "unexpected sha256sum output for $1"
  printf '%s\n' "$so"
}
write_sha() {
  # $1 file to hash, $2 name recorded in the checksum, $3 output file (sha256sum -c format)
  ws=$(sha_of "$1") || exit 1
  printf '%s  %s\n' "$ws" "$2" >"$3" || die "cannot write checksum $3"
}
write_sha "$TMP" "$FINAL" "$TMP_SHA"
DUMP_SHA=$(cut -d ' ' -f 1 <"$TMP_SHA")

# ---- step 6b: the row-count manifest, bound to this dump by its digest -------
M_FINAL=$STEM.manifest
M_TMP=$BACKUP_DIR/.$M_FINAL.partial
M_SHA=$BACKUP_DIR/.$M_FINAL.sha256.partial
write_manifest() {
  if [ "$COUNTS" = exact ]; then
    printf '%s\n' "# backupgen row-count manifest: every table's rows, counted in the snapshot pg_dump dumped."
  else
    printf '%s\n' "# backupgen row-count manifest: every table's rows, counted just after the dump in another" \
      "# snapshot (no snapshot could be held): approximate, rows written meanwhile are not in the dump."
  fi
  printf '%s\n' "format 1" "dump $FINAL" "sha256 $DUMP_SHA" "database $DB" "counts $COUNTS"
  cat "$SESSION_DIR/body"
}
write_manifest >"$M_TMP" || die "cannot write the manifest $M_FINAL"
grep -q '^encoding [A-Za-z0-9_]*$' "$M_TMP" || die "the manifest $M_FINAL lacks the database encoding"
write_sha "$M_TMP" "$M_FINAL" "$M_SHA"
M_TABLES=$(grep -c '^table ' "$M_TMP") || M_TABLES=0
M_ROWS=$(sed -n 's/^table \([0-9]*\) .*/\1/p' "$M_TMP" | awk '{ n += $1 } END { printf "%d", n }')
log "manifest $M_FINAL: $M_TABLES tables, $M_ROWS rows (counts $COUNTS)"

# ---- step 7: globals (roles, tablespaces), same timestamp -------------------
if [ "$GLOBALS" -eq 1 ]; then
  G_FINAL=$STEM.globals.sql.gz
  G_SQL=$BACKUP_DIR/.$STEM.globals.sql.partial
  G_TMP=$BACKUP_DIR/.$G_FINAL.partial
  G_SHA=$BACKUP_DIR/.$G_FINAL.sha256.partial
  set -- --globals-only --no-password --database="$DB" --file="$G_SQL"
  [ "$NO_ROLE_PW" -eq 0 ] || set -- "$@" --no-role-passwords
  pg_dumpall "$@" || die "pg_dumpall --globals-only failed (a user that is not a superuser needs BACKUP_NO_ROLE_PASSWORDS=true)"
  grep -q '^-- PostgreSQL database cluster dump complete' "$G_SQL" ||
    die "globals dump does not end with pg_dumpall's completion marker"
  gzip -c "$G_SQL" >"$G_TMP" || die "compressing the globals dump failed"
  rm -f "$G_SQL"
  gzip -t "$G_TMP" 2>/dev/null || die "globals file fails the gzip integrity test"
  write_sha "$G_TMP" "$G_FINAL" "$G_SHA"
  log "verified globals $G_FINAL"
fi

# ---- step 8: publish (rename; the main dump last, so its presence means the set is complete)
publish() {
  mv "$1" "$BACKUP_DIR/$2" || die "cannot rename $1 to $2"
}
if [ "$GLOBALS" -eq 1 ]; then
  publish "$G_TMP" "$G_FINAL"
  G_TMP=""
  publish "$G_SHA" "$G_FINAL.sha256"
  G_SHA=""
fi
publish "$M_TMP" "$M_FINAL"
M_TMP=""
publish "$M_SHA" "$M_FINAL.sha256"
M_SHA=""
publish "$TMP_SHA" "$FINAL.sha256"
TMP_SHA=""
publish "$TMP" "$FINAL"
TMP=""
PUB_SUM=$(sha_of "$BACKUP_DIR/$FINAL") || exit 1
[ "$(cut -d ' ' -f 1 <"$BACKUP_DIR/$FINAL.sha256")" = "$PUB_SUM" ] || die "checksum of published $FINAL does not match"
log "published $FINAL and $FINAL.sha256"

# The size of the newest earlier backup of this tier (0 when none), taken before
# pruning: with BACKUP_KEEP=1 the pruning removes it.
previous_size() {
  ps_name=$(list_own | sort -r | grep -vxF "$FINAL" | head -n 1) || true
  if [ -n "$ps_name" ] && [ -f "$BACKUP_DIR/$ps_name" ]; then
    wc -c <"$BACKUP_DIR/$ps_name" | tr -d ' '
  else
    echo 0
  fi
}

# ---- step 9: prune this tier of this database only -------------------------
# Strict name: <db>_<tier>_YYYYmmdd_HHMMSS.(sql.gz|dump), the database name and
# tier matched literally (db "shop" never matches files of db "shop_daily").
list_own() {
  for lo_path in "$BACKUP_DIR"/*; do
    lo_name=${lo_path##*/}
    case "$lo_name" in
      "$PREFIX"*) lo_rest=${lo_name#"$PREFIX"} ;; # literal prefix, no globbing of the db name
      *) continue ;;
    esac
    case "$lo_rest" in
      [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].sql.gz | \
        [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].dump)
        printf '%s\n' "$lo_name"
        ;;
    esac
  done
}
SIZE=$(wc -c <"$BACKUP_DIR/$FINAL" | tr -d ' ')
PREVIOUS_SIZE=$(previous_size)
# Names of one database and tier differ only in the fixed-width timestamp, so
# a reverse name sort is newest first. The file just written is never a candidate.
n=1
list_own | sort -r | while IFS= read -r old; do
  [ "$old" != "$FINAL" ] || continue
  n=$((n + 1))
  [ "$n" -gt "$KEEP" ] || continue
  old_stem=${old%.sql.gz}
  old_stem=${old_stem%.dump}
  rm -f "$BACKUP_DIR/$old" "$BACKUP_DIR/$old.sha256" \
    "$BACKUP_DIR/$old_stem.manifest" "$BACKUP_DIR/$old_stem.manifest.sha256" \
    "$BACKUP_DIR/$old_stem.globals.sql.gz" "$BACKUP_DIR/$old_stem.globals.sql.gz.sha256" ||
    die "cannot remove old backup $old"
  log "pruned $old (keeping $KEEP $TIER backups)"
done

# ---- step 10: one-dump mode: file this dump into the weekly/monthly tiers ---
# BACKUP_PROMOTE="weekly=8 monthly=24": the first dump of each ISO week (monthly:
# calendar month), by the UTC timestamp in its name, is also filed as
# <db>_<tier>_<same timestamp>, with its own checksum file naming it. The dump is
# a hard link where the volume allows (no extra space), else a verified copy.
# Each tier then keeps its own newest KEEP, exactly as if its own job wrote it.
PROMOTE=${BACKUP_PROMOTE:-}
[ "$TIER" != prerestore ] || PROMOTE=""
period_of() {
  # $1 tier, $2 timestamp YYYYmmdd_HHMMSS -> the period it belongs to
  case "$1" in
    weekly) date -u -d "$(printf '%s' "$2" | sed 's/^\(....\)\(..\)\(..\)_\(..\)\(..\)\(..\)$/\1-\2-\3 \4:\5:\6/')" +%G%V ;;
    monthly) printf '%s' "$2" | cut -c1-6 ;;
  esac
}
file_copy() {
  # $1 source, $2 temporary target: a hard link, or a copy whose checksum is checked
  if ln "$1" "$2" 2>/dev/null; then
    FILED_BY="hard link"
    return 0
  fi
  fc_size=$(size_kib "$1") || exit 1
  fc_free=$(free_kib) || exit 1
  fc_need=$((fc_size * MARGIN / 100))
  [ "$fc_free" -ge "$fc_need" ] || die "no hard links on this volume and not enough free space to copy $1 (${fc_free} KiB free, ${fc_need} KiB needed)"
  cp "$1" "$2" || die "cannot copy $1"
  [ "$(sha_of "$2")" = "$(sha_of "$1")" ] || die "copy of $1 differs from its source"
  FILED_BY="copy: the volume does not hard-link"
}
file_into() {
  # $1 tier, $2 keep
  fi_prefix=${DB}_${1}_
  fi_newest=$(newest_of "$fi_prefix")
  if [ -n "$fi_newest" ]; then
    fi_ts=${fi_newest#"$fi_prefix"}
    fi_ts=${fi_ts%%.*}
    if [ "$(period_of "$1" "$fi_ts")" = "$(period_of "$1" "$TS")" ]; then
      log "$1: $fi_newest already holds this period; not filed"
      return 0
    fi
  fi
  fi_stem=$fi_prefix$TS
  # Siblings first (checksums name their own tier's file), the dump itself last.
  for fi_src in "$BACKUP_DIR/$STEM".*; do
    fi_name=${fi_src##*/}
    [ "$fi_name" != "$FINAL" ] || continue
    fi_target=$fi_stem${fi_name#"$STEM"}
    FILE_TMP=$BACKUP_DIR/.$fi_target.partial
    case "$fi_name" in
      *.manifest)
        # A manifest names the one file it vouches for: the tier's copy gets its own.
        while IFS= read -r fi_line; do
          case "$fi_line" in
            "dump "*) printf 'dump %s\n' "$fi_stem$EXT" ;;
            *) printf '%s\n' "$fi_line" ;;
          esac
        done <"$fi_src" >"$FILE_TMP" || die "cannot write $fi_target"
        ;;
      *.manifest.sha256)
        # (the glob lists <stem>.manifest first, so the tier's manifest is already in place)
        write_sha "$BACKUP_DIR/$fi_stem.manifest" "${fi_target%.sha256}" "$FILE_TMP"
        ;;
      *.sha256)
        fi_sum=$(cut -d ' ' -f 1 <"$fi_src") || die "cannot read $fi_name"
        printf '%s  %s\n' "$fi_sum" "${fi_target%.sha256}" >"$FILE_TMP" || die "cannot write $fi_target"
        ;;
      *) file_copy "$fi_src" "$FILE_TMP" ;;
    esac
    mv "$FILE_TMP" "$BACKUP_DIR/$fi_target" || die "cannot rename $FILE_TMP"
    FILE_TMP=""
  done
  FILE_TMP=$BACKUP_DIR/.$fi_stem$EXT.partial
  file_copy "$BACKUP_DIR/$FINAL" "$FILE_TMP"
  mv "$FILE_TMP" "$BACKUP_DIR/$fi_stem$EXT" || die "cannot rename $FILE_TMP"
  FILE_TMP=""
  log "filed $FINAL into $1 as $fi_stem$EXT ($FILED_BY)"
  # Prune that tier like step 9, with the same strict names; a pruned dump takes
  # every file of its stem (checksum, globals, ...) with it.
  fi_n=0
  (PREFIX=$fi_prefix && list_own) | sort -r | while IFS= read -r fi_old; do
    fi_n=$((fi_n + 1))
    [ "$fi_n" -gt "$2" ] || continue
    fi_old_stem=${fi_old%.sql.gz}
    fi_old_stem=${fi_old_stem%.dump}
    rm -f "$BACKUP_DIR/$fi_old_stem".* || die "cannot remove old backup $fi_old"
    log "pruned $fi_old (keeping $2 $1 backups)"
  done
}
FILE_TMP=""
trap 'cleanup; [ -z "$FILE_TMP" ] || rm -f "$FILE_TMP"' EXIT
for fi_entry in $PROMOTE; do
  fi_tier=${fi_entry%%=*}
  fi_keep=${fi_entry#*=}
  case "$fi_tier" in
    weekly | monthly) [ "$fi_tier" != "$TIER" ] || die "BACKUP_PROMOTE files into $fi_tier, the tier this run writes" ;;
    *) die "BACKUP_PROMOTE entries are weekly=KEEP or monthly=KEEP, got '$fi_entry'" ;;
  esac
  case "$fi_keep" in
    '' | *[!0-9]* | 0) die "BACKUP_PROMOTE: keep of $fi_tier must be an integer >= 1, got '$fi_keep'" ;;
  esac
  file_into "$fi_tier" "$fi_keep"
done

# ---- step 11: metrics (optional; a failed push never fails the backup) -------
# The size alert compares backupgen_backup_size_bytes with the previous backup's.
push_backup_metrics() {
  [ -n "${PUSHGATEWAY_URL:-}" ] || return 0
  # shellcheck disable=SC1091 # beside this script in /scripts; shellchecked on its own
  . "$(dirname "$0")/metrics.sh"
  pb_now=$(date +%s)
  pb_labels="database=\"$DB\""
  metrics_push "$TIER" "$(metrics_gauge backupgen_backup_last_success_timestamp_seconds "$pb_labels" "$pb_now")
$(metrics_gauge backupgen_backup_duration_seconds "$pb_labels" $((pb_now - STARTED)))
$(metrics_gauge backupgen_backup_size_bytes "$pb_labels" "$SIZE")
$(metrics_gauge backupgen_backup_previous_size_bytes "$pb_labels" "$PREVIOUS_SIZE")
"
}
push_backup_metrics

log "done: $FINAL"
