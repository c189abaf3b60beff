#!/bin/sh
# backupgen: copy the backup the dump container just wrote to the off-site
# bucket, check it there, then prune the tier in the bucket. The backup pod's
# main container (rclone's image); backup.sh ran before it as an init container.
#
# Static POSIX sh (busybox ash / dash), configured only by the environment:
#   PGDATABASE     the backed-up database (names the files)      required
#   BACKUP_DIR     the volume backup.sh wrote to                 (default /backups)
#   BACKUP_TIER    daily | weekly | monthly                      required
#   OFFSITE_KEEP   backups of this tier kept in the bucket, >= 1  required
#   OFFSITE_PROMOTE  one-dump mode: "weekly=KEEP monthly=KEEP", the tiers backup.sh
#                  files into; each one's newest is uploaded when the bucket lacks it
#   OFFSITE_*      where the bucket is and the key (offsite.sh)
#
# Order (docs/offsite.md): the local set is checked first; each file goes to
# a temporary key .<name>.partial, is read back and compared with its local
# sha256, then moved server-side to its final key: siblings first, the dump
# last, so a dump under its final key means the set is complete and checked.
# Retention runs only after that, on strict names, never on the new backup.
# Any failure exits non-zero; the local backup is never touched.
set -eu
umask 027

DB=${PGDATABASE:-}
TIER=${BACKUP_TIER:-}
KEEP=${OFFSITE_KEEP:-}
BACKUP_DIR=${BACKUP_DIR:-/backups}

log() { printf '%s upload[%s/%s]: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$DB" "$TIER" "$*"; }
die() {
  printf '%s upload[%s/%s]: ERROR: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$DB" "$TIER" "$*" >&2
  exit 1
}
# shellcheck source=/dev/null # shipped beside this script
. "$(dirname "$0")/common.sh"
# shellcheck source=/dev/null # shipped beside this script
. "$(dirname "$0")/offsite.sh"

[ -n "$DB" ] || die "PGDATABASE is not set"
case "$TIER" in
  daily | weekly | monthly) ;;
  *) die "BACKUP_TIER must be daily, weekly or monthly, got '$TIER'" ;;
esac
case "$KEEP" in
  '' | *[!0-9]* | 0) die "OFFSITE_KEEP must be an integer >= 1, got '$KEEP'" ;;
esac
PARTIAL=""
cleanup() {
  [ -z "$PARTIAL" ] || rclone deletefile "$OFF_REMOTE$PARTIAL" >/dev/null 2>&1 || true
  [ -z "${OFF_ERR:-}" ] || rm -f "$OFF_ERR"
  [ -z "${OFF_CA:-}" ] || rm -f "$OFF_CA"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
off_setup

# ---- step 1: the newest backup of a tier on the volume, checked locally ----
# upload_tier TIER KEEP [only-if-missing]: steps 1-4 for one tier.
upload_tier() {
  TIER=$1
  KEEP=$2
  FINAL=$(bg_newest "$BACKUP_DIR" "$DB" "$TIER")
  if [ -n "${3:-}" ]; then
    # One-dump mode's filed tiers: nothing filed yet, or already off-site.
    [ -n "$FINAL" ] || return 0
  fi
  [ -n "$FINAL" ] || die "no $TIER backup of database '$DB' in $BACKUP_DIR: the dump container wrote nothing"
  STEM=$(bg_stem "$FINAL")
  WHY=$(bg_check_sha "$BACKUP_DIR/$FINAL") || die "the local backup fails its checksum, not uploaded: $WHY"
  SET=""
  for f in "$STEM.globals.sql.gz" "$STEM.manifest"; do
    [ -f "$BACKUP_DIR/$f" ] || continue
    WHY=$(bg_check_sha "$BACKUP_DIR/$f") || die "the local backup fails its checksum, not uploaded: $WHY"
    SET="$SET $f $f.sha256"
  done
  SET="$SET $FINAL.sha256 $FINAL"

  # ---- step 2: the store answers; leftovers of a killed run of this tier go
  NAMES=$(off_list) || die "cannot list $OFF_WHERE: $(off_why)"
  if [ -n "${3:-}" ] && printf '%s\n' "$NAMES" | grep -qxF "$FINAL"; then
    log "$FINAL is already off-site"
    return 0
  fi
  log "uploading $FINAL to $OFF_WHERE$([ "${OFFSITE_ENCRYPT:-true}" = true ] && printf ', encrypted' || printf ', NOT encrypted')"
  for name in $NAMES; do
    case "$name" in
      ."$DB"_"$TIER"_*.partial)
        rclone deletefile "$OFF_REMOTE$name" 2>"$OFF_ERR" || die "cannot remove the leftover $name: $(off_why)"
        log "removed $name, left by an interrupted upload"
        ;;
    esac
  done

  # ---- step 3: each file to a temporary key, read back, moved to its final key
  for f in $SET; do
    PARTIAL=.$f.partial
    rclone copyto "$BACKUP_DIR/$f" "$OFF_REMOTE$PARTIAL" 2>"$OFF_ERR" || die "uploading $f failed: $(off_why)"
    want=$(bg_sha "$BACKUP_DIR/$f") || die "cannot read $BACKUP_DIR/$f"
    have=$(off_remote_sha "$PARTIAL") || die "reading back $f from the store failed: $(off_why)"
    [ "$have" = "$want" ] || die "the store returned $f with sha256 $have, but it is $want: not published"
    rclone moveto "$OFF_REMOTE$PARTIAL" "$OFF_REMOTE$f" 2>"$OFF_ERR" || die "moving $f to its final key failed: $(off_why)"
    PARTIAL=""
    size=$(off_size "$f") || die "$f is not in the store after the move: $(off_why)"
    [ "$size" = "$(wc -c <"$BACKUP_DIR/$f" | tr -d ' ')" ] || die "$f has $size bytes in the store, $(wc -c <"$BACKUP_DIR/$f" | tr -d ' ') here"
  done
  log "uploaded and checked $FINAL ($(wc -c <"$BACKUP_DIR/$FINAL" | tr -d ' ') bytes, sha256 read back)"

  # ---- step 4: prune this tier of this database in the bucket ---------------
  NAMES=$(off_list) || die "cannot list $OFF_WHERE for pruning: $(off_why)"
  printf '%s\n' "$NAMES" | grep -qxF "$FINAL" || die "$FINAL is missing from the listing after upload; nothing pruned"
  n=1
  for old in $(printf '%s\n' "$NAMES" | off_strict "$DB" "$TIER" | sort -r); do
    [ "$old" != "$FINAL" ] || continue
    n=$((n + 1))
    [ "$n" -gt "$KEEP" ] || continue
    old_stem=$(bg_stem "$old")
    # The dump first: without it the rest of its set is never picked.
    for f in "$old" "$old.sha256" "$old_stem.manifest" "$old_stem.manifest.sha256" \
      "$old_stem.globals.sql.gz" "$old_stem.globals.sql.gz.sha256"; do
      printf '%s\n' "$NAMES" | grep -qxF "$f" || continue
      rclone deletefile "$OFF_REMOTE$f" 2>"$OFF_ERR" || die "cannot remove $f from the store: $(off_why)"
    done
    log "pruned $old from the store (keeping $KEEP $TIER backups there)"
  done
  log "done: $FINAL is off-site"
}

OWN_TIER=$TIER
upload_tier "$OWN_TIER" "$KEEP"
for entry in ${OFFSITE_PROMOTE:-}; do
  p_tier=${entry%%=*}
  p_keep=${entry#*=}
  case "$p_tier" in
    weekly | monthly) [ "$p_tier" != "$OWN_TIER" ] || die "OFFSITE_PROMOTE names $p_tier, the tier this run writes" ;;
    *) die "OFFSITE_PROMOTE entries are weekly=KEEP or monthly=KEEP, got '$entry'" ;;
  esac
  case "$p_keep" in
    '' | *[!0-9]* | 0) die "OFFSITE_PROMOTE: keep of $p_tier must be an integer >= 1, got '$p_keep'" ;;
  esac
  upload_tier "$p_tier" "$p_keep" filed
done
