#!/bin/sh
# backupgen: functions the scripts share. Sourced by backup.sh, restore.sh,
# verify.sh and list.sh (". /scripts/common.sh"), never run on its own.
#
# Static POSIX sh (busybox ash / dash). Functions only, prefixed bg_, no
# global state: each script keeps its own log/die and settings.

# ---- backup file names ----------------------------------------------------
# A backup of database DB in tier TIER is named strictly
#   <db>_<tier>_YYYYmmdd_HHMMSS.sql.gz   (plain)  or  ....dump  (custom)
# beside <file>.sha256, the row-count manifest <stem>.manifest (+ .sha256)
# and, with globals on, <stem>.globals.sql.gz (+ .sha256).

# bg_is_backup NAME DB TIER: NAME is a strict-name backup of DB in TIER (any
# tier when TIER is empty). DB and TIER are matched literally (db "shop" never
# matches files of db "shop_daily"). Also used on a bucket's listing (offsite.sh).
bg_is_backup() {
  case "$1" in
    "$2"_*) bg_rest=${1#"$2"_} ;;
    *) return 1 ;;
  esac
  bg_tier=${bg_rest%%_*}
  case "$bg_tier" in
    daily | weekly | monthly | prerestore) ;;
    *) return 1 ;;
  esac
  [ -z "$3" ] || [ "$bg_tier" = "$3" ] || return 1
  case "${bg_rest#"$bg_tier"_}" in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].sql.gz | \
      [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]_[0-9][0-9][0-9][0-9][0-9][0-9].dump)
      return 0
      ;;
  esac
  return 1
}

# bg_backups DIR DB TIER: the strict-name backups of DB in TIER (every tier
# when TIER is empty) in DIR, one name per line, unsorted.
bg_backups() {
  for bg_path in "$1"/*; do
    bg_name=${bg_path##*/}
    if bg_is_backup "$bg_name" "$2" "$3"; then
      printf '%s\n' "$bg_name"
    fi
  done
}

# bg_newest DIR DB TIER: the newest strict-name backup of DB in TIER, or nothing.
# Names of one database and tier differ only in the fixed-width timestamp.
bg_newest() {
  bg_backups "$1" "$2" "$3" | sort -r | head -n 1
}

# bg_stem FILE: the backup's name without its extension.
bg_stem() {
  bg_s=${1%.sql.gz}
  printf '%s\n' "${bg_s%.dump}"
}

# bg_sha FILE: the sha256 of FILE, hex only (busybox and GNU sha256sum alike);
# fails on a read error or an unexpected answer.
bg_sha() {
  bg_out=$(sha256sum "$1") || return 1
  bg_out=${bg_out%% *}
  case "$bg_out" in
    *[!0-9a-f]*) return 1 ;;
  esac
  [ ${#bg_out} -eq 64 ] || return 1
  printf '%s\n' "$bg_out"
}

# bg_check_sha FILE: FILE matches the digest recorded in FILE.sha256.
# Prints why not (missing, malformed, mismatch) and fails otherwise.
bg_check_sha() {
  [ -f "$1.sha256" ] || { printf '%s\n' "checksum file ${1##*/}.sha256 is missing"; return 1; }
  bg_want=$(cut -d ' ' -f 1 <"$1.sha256") || bg_want=""
  case "$bg_want" in
    '' | *[!0-9a-f]*) printf '%s\n' "checksum file ${1##*/}.sha256 is malformed"; return 1 ;;
  esac
  bg_have=$(bg_sha "$1") || { printf '%s\n' "cannot read ${1##*/}"; return 1; }
  [ "$bg_want" = "$bg_have" ] ||
    { printf '%s\n' "checksum mismatch for ${1##*/}: expected $bg_want, file has $bg_have"; return 1; }
}

# ---- the row-count manifest ----------------------------------------------------
# Written by backup.sh beside every dump, in the same snapshot as the dump:
#   # comment lines
#   format 1
#   dump <file>                the dump it describes
#   sha256 <hex>               that dump's digest: a manifest never vouches for another file
#   database <name>
#   encoding <server encoding>
#   counts exact|approximate   exact: counted in the snapshot pg_dump used
#   role <name>                one per role the database's objects reference (owners, grantees)
#   table <rows> <schema>.<table>   one per table, in C collation order of the name
# and checksummed in <stem>.manifest.sha256.

# bg_rowcount_sql: one line "table <rows> <schema>.<table>" per table pg_dump
# dumps the rows of: ordinary tables outside the system schemas, not owned by
# an extension (their rows come from the extension, not the dump), unlogged
# ones only on a primary (a standby cannot read them, and pg_dump skips them).
# Exact count(*) each. The same text on both sides (backup and restore), so
# names compare byte for byte; a newline in a name is written as \n.
bg_rowcount_sql() {
  cat <<'SQL'
SELECT 'table ' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
       || ' ' || replace(format('%I.%I', n.nspname, c.relname), E'\n', '\n')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND c.relpersistence <> 't'
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
  AND (c.relpersistence = 'p' OR NOT pg_is_in_recovery())
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY format('%I.%I', n.nspname, c.relname) COLLATE "C";
SQL
}

# bg_roles_sql: one line "role <name>" per role the current database's objects
# reference (owners, grantees, policies; pg_shdepend), plus the bootstrap
# superuser, which owns objects without a pg_shdepend entry.
bg_roles_sql() {
  cat <<'SQL'
SELECT 'role ' || replace(rolname, E'\n', '\n') FROM (
  SELECT r.rolname FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
  WHERE d.refclassid = 'pg_authid'::regclass
    AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION SELECT rolname FROM pg_roles WHERE oid = 10
) roles ORDER BY rolname COLLATE "C";
SQL
}

# bg_manifest_field MANIFEST KEY: the value of the first "KEY value" line.
bg_manifest_field() {
  sed -n "s/^$2 //p" "$1" | head -n 1
}

# bg_check_manifest DIR FILE [SHA]: <stem>.manifest of backup FILE exists,
# matches its .sha256, and names FILE with FILE's digest (SHA when the caller
# already has it). Prints why not and fails otherwise; prints nothing and
# returns 2 when there is no manifest (a backup written before manifests).
bg_check_manifest() {
  bg_m=$1/$(bg_stem "$2").manifest
  [ -f "$bg_m" ] || [ -f "$bg_m.sha256" ] || return 2
  bg_why=$(bg_check_sha "$bg_m") || { printf '%s\n' "$bg_why"; return 1; }
  [ "$(bg_manifest_field "$bg_m" format)" = 1 ] ||
    { printf '%s\n' "${bg_m##*/} has an unknown format"; return 1; }
  [ "$(bg_manifest_field "$bg_m" dump)" = "$2" ] ||
    { printf '%s\n' "${bg_m##*/} describes another file, not $2"; return 1; }
  bg_have=${3:-}
  [ -n "$bg_have" ] || bg_have=$(bg_sha "$1/$2") || { printf '%s\n' "cannot read $2"; return 1; }
  [ "$(bg_manifest_field "$bg_m" sha256)" = "$bg_have" ] ||
    { printf '%s\n' "$2 is not the dump its manifest ${bg_m##*/} was written for (sha256 differs)"; return 1; }
}
