#!/bin/sh
# backupgen: fetch one backup set from the off-site bucket into FETCH_DIR and
# check it, so restore.sh or verify.sh can use it as if it were on the volume.
# An init container of the restore and verification pods (rclone's image).
#
# Static POSIX sh (busybox ash / dash), configured only by the environment:
#   PGDATABASE   the backed-up database (names the files)           required
#   FETCH_DIR    where the set is written (a scratch volume)        required
#   FETCH_FILE   a backup's file name in the bucket; empty = newest of FETCH_TIER
#   FETCH_TIER   daily | weekly | monthly | prerestore               (default daily)
#   FETCH_LIST   true: only list the backups of PGDATABASE in the bucket (backupgen list --from offsite)
#   OFFSITE_*    where the bucket is and the key (offsite.sh)
#
# Every file is downloaded under a temporary name and renamed; the dump's and
# the manifest's checksums are checked here (restore.sh checks them again).
set -eu
umask 027

DB=${PGDATABASE:-}
FILE=${FETCH_FILE:-}
TIER=${FETCH_TIER:-daily}
DIR=${FETCH_DIR:-}

log() { printf '%s fetch[%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$DB" "$*"; }
die() {
  printf '%s fetch[%s]: ERROR: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$DB" "$*" >&2
  exit 1
}
# shellcheck source=/dev/null # shipped beside this script
. "$(dirname "$0")/common.sh"
# shellcheck source=/dev/null # shipped beside this script
. "$(dirname "$0")/offsite.sh"

[ -n "$DB" ] || die "PGDATABASE is not set"
if [ "${FETCH_LIST:-false}" = true ]; then
  trap 'rm -f "${OFF_ERR:-}" "${OFF_CA:-}"' EXIT
  off_setup
  NAMES=$(off_list) || die "cannot list $OFF_WHERE: $(off_why)"
  log "backups of '$DB' in $OFF_WHERE, newest first (size in bytes, decrypted):"
  COUNT=0
  for f in $(printf '%s\n' "$NAMES" | off_strict "$DB" "" | sort -t _ -k 1 -r); do
    COUNT=$((COUNT + 1))
    printf '%s %s\n' "$(off_size "$f")" "$f"
  done
  [ "$COUNT" -gt 0 ] || {
    off_refuse_wrong_key "$NAMES"
    log "none"
  }
  exit 0
fi
[ -n "$DIR" ] || die "FETCH_DIR is not set"
{ [ -d "$DIR" ] && [ -w "$DIR" ]; } || die "FETCH_DIR $DIR is not a writable directory"
TMP=""
cleanup() {
  [ -z "$TMP" ] || rm -f "$TMP"
  [ -z "${OFF_ERR:-}" ] || rm -f "$OFF_ERR"
  [ -z "${OFF_CA:-}" ] || rm -f "$OFF_CA"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
off_setup

NAMES=$(off_list) || die "cannot list $OFF_WHERE: $(off_why)"
if [ -n "$FILE" ]; then
  [ -n "$(printf '%s\n' "$FILE" | off_strict "$DB" "")" ] ||
    die "FETCH_FILE must be a backup file name of database '$DB' (<db>_<tier>_YYYYmmdd_HHMMSS.sql.gz|.dump), got '$FILE'"
  printf '%s\n' "$NAMES" | grep -qxF "$FILE" || {
    off_refuse_wrong_key "$NAMES"
    die "$FILE is not in $OFF_WHERE ('backupgen list --from offsite' lists what is)"
  }
else
  FILE=$(printf '%s\n' "$NAMES" | off_strict "$DB" "$TIER" | sort -r | head -n 1)
  if [ -z "$FILE" ]; then
    # With a wrong key, crypt hides every name: say so instead of "empty".
    off_refuse_wrong_key "$NAMES"
    die "no $TIER backup of database '$DB' in $OFF_WHERE (or the bucket does not exist)"
  fi
fi
STEM=$(bg_stem "$FILE")
log "fetching $FILE from $OFF_WHERE into $DIR"
for f in "$FILE" "$FILE.sha256" "$STEM.manifest" "$STEM.manifest.sha256" "$STEM.globals.sql.gz" "$STEM.globals.sql.gz.sha256"; do
  printf '%s\n' "$NAMES" | grep -qxF "$f" || {
    case "$f" in
      "$FILE" | "$FILE.sha256") die "$f is missing from $OFF_WHERE: the set is incomplete" ;;
    esac
    continue
  }
  TMP=$DIR/.$f.partial
  rclone copyto "$OFF_REMOTE$f" "$TMP" 2>"$OFF_ERR" || die "downloading $f failed: $(off_why)"
  mv "$TMP" "$DIR/$f" || die "cannot rename $TMP"
  TMP=""
done
WHY=$(bg_check_sha "$DIR/$FILE") || die "the fetched backup does not match its checksum, the object in the bucket is damaged: $WHY"
for f in "$STEM.manifest" "$STEM.globals.sql.gz"; do
  [ ! -f "$DIR/$f" ] || WHY=$(bg_check_sha "$DIR/$f") || die "the fetched $f does not match its checksum: $WHY"
done
log "fetched and checked $FILE ($(wc -c <"$DIR/$FILE" | tr -d ' ') bytes)"
