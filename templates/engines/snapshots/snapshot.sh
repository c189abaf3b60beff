#!/bin/sh
# snapshot.sh - one run of a backupgen VolumeSnapshot tier (docs/engines.md).
#
# 1. resolves the volumes: the PVCs named in SNAPSHOT_PVCS, or those matching SNAPSHOT_SELECTOR;
# 2. creates one VolumeSnapshot of each with SNAPSHOT_CLASS, labelled with this project
#    (backupgen.io/snapshot-owner), the tier (backupgen.io/tier) and the time (backupgen.io/timestamp);
# 3. waits until every new snapshot is readyToUse, at most SNAPSHOT_READY_TIMEOUT seconds: if one is
#    not ready by then, the run fails and deletes nothing;
# 4. per volume, keeps the SNAPSHOT_KEEP newest ready snapshots of this tier and deletes the older
#    ones. Only snapshots carrying this project's owner label, this tier and a timestamp are ever
#    counted or deleted, never one this run created, never the newest.
#
# Runs under any POSIX sh (dash in the kubectl image, busybox in alpine ones) with kubectl using the
# pod's ServiceAccount. Needs: volumesnapshots create/get/list/delete, persistentvolumeclaims get/list.
set -eu
set -f   # names are never globbed

: "${SNAPSHOT_NAMESPACE:?namespace to work in}"
: "${SNAPSHOT_CLASS:?VolumeSnapshotClass}"
: "${SNAPSHOT_TIER:?tier name}"
: "${SNAPSHOT_KEEP:?snapshots to keep per volume}"
: "${SNAPSHOT_OWNER:?owner label value}"
SNAPSHOT_PVCS=${SNAPSHOT_PVCS:-}
SNAPSHOT_SELECTOR=${SNAPSHOT_SELECTOR:-}
SNAPSHOT_READY_TIMEOUT=${SNAPSHOT_READY_TIMEOUT:-600}
SNAPSHOT_POLL_SECONDS=${SNAPSHOT_POLL_SECONDS:-5}

OWNER_LABEL=backupgen.io/snapshot-owner
TIER_LABEL=backupgen.io/tier
TIME_LABEL=backupgen.io/timestamp

log() {
    printf '%s snapshot %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SNAPSHOT_TIER" "$*" >&2
}

fail() {
    log "FAILED: $*"
    exit 1
}

k() {
    kubectl --namespace "$SNAPSHOT_NAMESPACE" "$@"
}

number() {
    case $2 in
        '' | *[!0-9]*) fail "$1 must be a whole number, not '$2'" ;;
    esac
}
number SNAPSHOT_KEEP "$SNAPSHOT_KEEP"
number SNAPSHOT_READY_TIMEOUT "$SNAPSHOT_READY_TIMEOUT"
number SNAPSHOT_POLL_SECONDS "$SNAPSHOT_POLL_SECONDS"
[ "$SNAPSHOT_KEEP" -ge 1 ] || fail "SNAPSHOT_KEEP must be at least 1: the newest snapshot is never deleted"
if [ -n "$SNAPSHOT_PVCS" ] && [ -n "$SNAPSHOT_SELECTOR" ]; then
    fail "set SNAPSHOT_PVCS or SNAPSHOT_SELECTOR, not both"
fi

# ---- 1. the volumes ----------------------------------------------------------------------------
if [ -n "$SNAPSHOT_PVCS" ]; then
    pvcs=$SNAPSHOT_PVCS
    for pvc in $pvcs; do
        k get persistentvolumeclaim "$pvc" -o name >/dev/null || fail "PVC $pvc not found in namespace $SNAPSHOT_NAMESPACE"
    done
elif [ -n "$SNAPSHOT_SELECTOR" ]; then
    pvcs=$(k get persistentvolumeclaims -l "$SNAPSHOT_SELECTOR" \
        -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}') || fail "cannot list PVCs matching $SNAPSHOT_SELECTOR"
    pvcs=$(printf '%s\n' "$pvcs" | sort)
else
    fail "neither SNAPSHOT_PVCS nor SNAPSHOT_SELECTOR names a volume"
fi
[ -n "$(printf '%s' "$pvcs" | tr -d ' \n')" ] || fail "no PVC matches '$SNAPSHOT_SELECTOR' in namespace $SNAPSHOT_NAMESPACE"

# ---- 2. one snapshot per volume ----------------------------------------------------------------
now=$(date -u +%Y%m%dT%H%M%SZ)
day=${now%%T*}
time=${now#*T}
stamp="$day-${time%Z}"
created=""
for pvc in $pvcs; do
    # <pvc>-<tier>-<yyyymmdd>-<hhmmss>: a PVC name is at most 253 characters, so long ones are cut
    # (without a trailing '-' or '.') to keep the snapshot name within the same limit.
    prefix=$(printf '%s' "$pvc" | cut -c1-200 | sed 's/[.-]*$//')
    name="$prefix-$SNAPSHOT_TIER-$stamp"
    log "creating VolumeSnapshot $name of PVC $pvc (class $SNAPSHOT_CLASS)"
    k create -f - >/dev/null <<MANIFEST || fail "cannot create VolumeSnapshot $name; pruned nothing"
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: "$name"
  labels:
    app.kubernetes.io/part-of: "$SNAPSHOT_OWNER"
    app.kubernetes.io/component: "backup"
    $OWNER_LABEL: "$SNAPSHOT_OWNER"
    $TIER_LABEL: "$SNAPSHOT_TIER"
    $TIME_LABEL: "$now"
spec:
  volumeSnapshotClassName: "$SNAPSHOT_CLASS"
  source:
    persistentVolumeClaimName: "$pvc"
MANIFEST
    created="$created $name"
done

# ---- 3. wait until every new snapshot is ready ---------------------------------------------------
deadline=$(($(date +%s) + SNAPSHOT_READY_TIMEOUT))
for name in $created; do
    while :; do
        state=$(k get volumesnapshot "$name" -o jsonpath='{.status.readyToUse}|{.status.error.message}') \
            || fail "cannot read VolumeSnapshot $name; pruned nothing"
        [ "${state%%|*}" = true ] && break
        if [ "$(date +%s)" -ge "$deadline" ]; then
            detail=${state#*|}
            fail "VolumeSnapshot $name is not readyToUse after ${SNAPSHOT_READY_TIMEOUT}s${detail:+ ($detail)}; pruned nothing"
        fi
        sleep "$SNAPSHOT_POLL_SECONDS"
    done
    log "VolumeSnapshot $name is readyToUse"
done

# ---- 4. prune beyond SNAPSHOT_KEEP, per volume -------------------------------------------------
listing=$(k get volumesnapshots -l "$OWNER_LABEL=$SNAPSHOT_OWNER,$TIER_LABEL=$SNAPSHOT_TIER" \
    -o jsonpath='{range .items[*]}{.metadata.labels.backupgen\.io/timestamp}{"|"}{.metadata.name}{"|"}{.spec.source.persistentVolumeClaimName}{"|"}{.status.readyToUse}{"\n"}{end}') \
    || fail "cannot list this tier's snapshots; pruned nothing"
failed=0
for pvc in $pvcs; do
    kept=0
    # Newest first: the timestamp label is UTC yyyymmddThhmmssZ, so text order is time order.
    printf '%s\n' "$listing" | sort -r | while IFS='|' read -r ts name source ready; do
        [ -n "$ts" ] && [ -n "$name" ] && [ "$source" = "$pvc" ] || continue
        if [ "$kept" -lt "$SNAPSHOT_KEEP" ]; then
            # Not-ready ones newer than the keep-th ready snapshot are left alone.
            [ "$ready" = true ] && kept=$((kept + 1))
            continue
        fi
        case " $created " in
            *" $name "*) continue ;;   # never the one this run made
        esac
        log "deleting VolumeSnapshot $name of PVC $pvc (taken $ts; $SNAPSHOT_KEEP newer ones are kept)"
        k delete volumesnapshot "$name" --wait=false </dev/null >/dev/null || { log "cannot delete VolumeSnapshot $name"; exit 1; }
    done || failed=1
done
[ "$failed" -eq 0 ] || fail "some old snapshots could not be deleted"
log "done: $(printf '%s' "$created" | wc -w | tr -d ' ') snapshot(s) taken, this tier keeps $SNAPSHOT_KEEP per volume"
