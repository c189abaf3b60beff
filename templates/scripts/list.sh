#!/bin/sh
# backupgen: list the backups of one database: tier, file, size, age, whether
# its checksum holds, and its row-count manifest. Reads every backup in full
# (to check its checksum); writes nothing, needs no database connection.
#
# Static POSIX sh (busybox ash / dash); configured only by the environment:
#   PGDATABASE   the backed-up database whose backups are listed
#   BACKUP_DIR   where backups live (default /backups)
#
# Exits 1 when any backup fails its checksum or its manifest, so the Job shows
# it; 0 otherwise (no backups at all is reported, not an error).
set -eu
umask 077
# shellcheck source=/dev/null # common.sh is shipped beside this script
. "$(dirname "$0")/common.sh"

PROG=list
log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*"; }
die() { printf '%s %s: ERROR: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$PROG" "$*" >&2; exit 1; }

[ -n "${PGDATABASE:-}" ] || die "PGDATABASE is not set"
DB=$PGDATABASE
BACKUP_DIR=${BACKUP_DIR:-/backups}
PROG="list[$DB]"
[ -d "$BACKUP_DIR" ] || die "backup directory $BACKUP_DIR does not exist"
if [ ! -r "$BACKUP_DIR" ] || [ ! -x "$BACKUP_DIR" ]; then
  die "backup directory $BACKUP_DIR is not readable by uid $(id -u)"
fi

# Seconds since the epoch of a name's UTC timestamp YYYYmmdd_HHMMSS, by arithmetic
# (days from the civil date), so no date(1) dialect matters.
epoch_of() {
  eo=$(bg_stem "$1")
  eo=${eo#"${eo%???????????????}"} # the last 15 characters: YYYYmmdd_HHMMSS
  ymd=${eo%_*} hms=${eo#*_}
  y=${ymd%????} md=${ymd#????}
  # "1$x - 100": a leading zero must not make it octal
  m=$((1${md%??} - 100)) d=$((1${md#??} - 100))
  hh=$((1${hms%????} - 100)) mmss=${hms#??}
  mi=$((1${mmss%??} - 100)) ss=$((1${mmss#??} - 100))
  y=$((m <= 2 ? y - 1 : y))
  era=$((y / 400))
  yoe=$((y - era * 400))
  doy=$(((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1))
  doe=$((yoe * 365 + yoe / 4 - yoe / 100 + doy))
  printf '%s\n' $(((era * 146097 + doe - 719468) * 86400 + hh * 3600 + mi * 60 + ss))
}
human_age() {
  ha=$1
  if [ "$ha" -lt 0 ]; then
    printf 'future'
  elif [ "$ha" -ge 86400 ]; then
    printf '%dd%02dh' $((ha / 86400)) $((ha % 86400 / 3600))
  elif [ "$ha" -ge 3600 ]; then
    printf '%dh%02dm' $((ha / 3600)) $((ha % 3600 / 60))
  else
    printf '%dm' $((ha / 60))
  fi
}
human_size() {
  awk -v b="$1" 'BEGIN {
    split("B KiB MiB GiB TiB", u, " "); i = 1
    while (b >= 1024 && i < 5) { b /= 1024; i++ }
    printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i]
  }'
}

NOW=$(date -u +%s)
log "backups of '$DB' in $BACKUP_DIR, newest first per tier (checksums are computed now)"
printf '%-10s  %-44s  %10s  %8s  %-8s  %s\n' TIER FILE SIZE AGE CHECKSUM MANIFEST
TOTAL=0
BAD=0
for tier in daily weekly monthly prerestore; do
  bg_backups "$BACKUP_DIR" "$DB" "$tier" | sort -r >"${TMPDIR:-/tmp}/list.$$" ||
    die "cannot list $BACKUP_DIR"
  while IFS= read -r file; do
    TOTAL=$((TOTAL + 1))
    path=$BACKUP_DIR/$file
    size=$(human_size "$(wc -c <"$path" | tr -d ' ')")
    age=$(human_age $((NOW - $(epoch_of "$file"))))
    if why=$(bg_check_sha "$path"); then
      sum=OK
      sha=$(cut -d ' ' -f 1 <"$path.sha256")
    else
      case "$why" in
        *missing*) sum=MISSING ;;
        *) sum=BAD ;;
      esac
      sha=none
      BAD=$((BAD + 1))
    fi
    stem=$(bg_stem "$file")
    if [ "$sum" != OK ]; then
      manifest="- ($why)"
    elif why=$(bg_check_manifest "$BACKUP_DIR" "$file" "$sha"); then
      m=$BACKUP_DIR/$stem.manifest
      manifest="OK $(grep -c '^table ' "$m" || true) tables, $(sed -n 's/^table \([0-9]*\) .*/\1/p' "$m" |
        awk '{ n += $1 } END { printf "%d", n }') rows ($(bg_manifest_field "$m" counts))"
    else
      case $? in
        2) manifest="none (older backup)" ;;
        *)
          manifest="BAD ($why)"
          BAD=$((BAD + 1))
          ;;
      esac
    fi
    [ ! -f "$BACKUP_DIR/$stem.globals.sql.gz" ] || manifest="$manifest, +globals"
    printf '%-10s  %-44s  %10s  %8s  %-8s  %s\n' "$tier" "$file" "$size" "$age" "$sum" "$manifest"
  done <"${TMPDIR:-/tmp}/list.$$"
  rm -f "${TMPDIR:-/tmp}/list.$$"
done
PARTIAL=$(find "$BACKUP_DIR" -maxdepth 1 -type f -name ".${DB}_*.partial" | wc -l | tr -d ' ')
[ "$PARTIAL" -eq 0 ] || log "$PARTIAL temporary file(s) of a running or interrupted backup (.*.partial)"
if [ "$TOTAL" -eq 0 ]; then
  log "no backups of '$DB' in $BACKUP_DIR"
elif [ "$BAD" -gt 0 ]; then
  die "$TOTAL backups of '$DB'; $BAD fail their checksum or manifest: do not restore those"
else
  log "$TOTAL backups of '$DB', every checksum OK"
fi
