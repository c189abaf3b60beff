#!/bin/sh
# backupgen backup: one verified pg_dump of $PGDATABASE into $BACKUP_DIR, then tier retention.
# Configured only through the environment (see docs/scripts.md); runs under busybox sh.
set -eu

BACKUP_DIR=${BACKUP_DIR:-/backups}
tier=${BACKUP_TIER:?BACKUP_TIER must be daily, weekly or monthly}
keep=${BACKUP_KEEP:?BACKUP_KEEP must be set}
level=${BACKUP_COMPRESSION:-6}
db=${PGDATABASE:?PGDATABASE must be set}

log() { echo "[$(date -u +%Y-%m-%dT%H:%M:%SZ)] backup ${tier}: $*"; }
fail() { log "FAILED: $*" >&2; exit 1; }

stamp=$(date -u +%Y%m%d_%H%M%S)
final="${db}_${tier}_${stamp}.sql.gz"
tmp="${BACKUP_DIR}/.${final}.partial"
trap 'rm -f "$tmp" "$tmp.sha256"' EXIT

pg_isready -q || fail "server ${PGHOST:-}:${PGPORT:-} is not accepting connections"
log "dumping ${db} to ${final}"
pg_dump --no-password --no-owner --no-privileges --format=plain --compress="$level" --file="$tmp" \
    || fail "pg_dump exited non-zero"
gzip -t "$tmp" || fail "gzip integrity check failed"
[ -s "$tmp" ] || fail "dump is empty"
(cd "$BACKUP_DIR" && sha256sum "$(basename "$tmp")" | sed "s|\.${final}\.partial|${final}|" > "$tmp.sha256") \
    || fail "cannot write checksum"
mv "$tmp" "${BACKUP_DIR}/${final}"
mv "$tmp.sha256" "${BACKUP_DIR}/${final}.sha256"
log "wrote ${final}"

# Newest first by the timestamp in the name; keep $keep of this tier of this database.
ls "$BACKUP_DIR" | grep -E "^${db}_${tier}_[0-9]{8}_[0-9]{6}\.sql\.gz\$" | sort -r | tail -n "+$((keep + 1))" |
    while read -r old; do
        rm -f "${BACKUP_DIR}/${old}" "${BACKUP_DIR}/${old}.sha256"
        log "pruned ${old}"
    done
log "done"
