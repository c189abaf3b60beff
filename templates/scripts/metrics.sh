#!/bin/sh
# backupgen: push a run's metrics to a Prometheus Pushgateway. Sourced by
# backup.sh and verify.sh (it defines functions only; the caller's log() prints).
#
#   PUSHGATEWAY_URL     where to push (e.g. http://pushgateway.monitoring:9091); empty: no push
#   METRICS_NAMESPACE   grouping label namespace (the pod's, from the downward API)
#   METRICS_CRONJOB     grouping label cronjob (the Job's CronJob)
#
# Series land under job="backupgen" plus those labels and tier; Prometheus must
# scrape the Pushgateway with honor_labels: true so they keep them. The push uses
# busybox wget (already in the image); a push that fails or hangs (15 s) logs a
# warning and never fails the run that pushes.

# metrics_push TIER BODY: BODY in Prometheus' text format, ending in a newline.
metrics_push() {
  [ -n "${PUSHGATEWAY_URL:-}" ] || return 0
  mp_url=${PUSHGATEWAY_URL%/}/metrics/job/backupgen
  [ -z "${METRICS_NAMESPACE:-}" ] || mp_url=$mp_url/namespace/$METRICS_NAMESPACE
  [ -z "${METRICS_CRONJOB:-}" ] || mp_url=$mp_url/cronjob/$METRICS_CRONJOB
  mp_url=$mp_url/tier/$1
  if ! command -v wget >/dev/null 2>&1; then
    log "WARNING: no wget in the image; metrics not pushed to $mp_url" >&2
    return 0
  fi
  if command -v timeout >/dev/null 2>&1; then
    mp_out=$(timeout 15 wget -q -O /dev/null "--post-data=$2" "$mp_url" 2>&1) && mp_rc=0 || mp_rc=$?
  else
    mp_out=$(wget -q -O /dev/null "--post-data=$2" "$mp_url" 2>&1) && mp_rc=0 || mp_rc=$?
  fi
  if [ "$mp_rc" -eq 0 ]; then
    log "pushed metrics to $mp_url"
  else
    log "WARNING: could not push metrics to $mp_url (wget exit $mp_rc: $mp_out); the run itself succeeded" >&2
  fi
  return 0
}

# metrics_gauge NAME LABELS VALUE: one gauge in the text format.
metrics_gauge() {
  printf '# TYPE %s gauge\n%s{%s} %s\n' "$1" "$1" "$2" "$3"
}
