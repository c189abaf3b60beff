#!/bin/sh
# backupgen: the off-site store, for upload.sh and fetch.sh (sourced, never run
# on its own). They run in rclone's image (alpine: busybox sh) as the pod's uid.
#
# rclone is configured from the environment only: no config file ever holds a
# key. Remote "store" is the S3 bucket; with encryption on, remote "offsite" is
# rclone's crypt format over store:<bucket>/<prefix> (contents and names
# encrypted with OFFSITE_PASSWORD and OFFSITE_SALT, which never reach the
# bucket). OFF_REMOTE is what file names are appended to.
#
# Settings (environment; docs/offsite.md):
#   OFFSITE_PROVIDER, OFFSITE_ENDPOINT, OFFSITE_REGION, OFFSITE_BUCKET,
#   OFFSITE_PREFIX, OFFSITE_PATH_STYLE, OFFSITE_STORAGE_CLASS
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   static keys; absent: workload identity
#   OFFSITE_CA_BUNDLE_PEM   PEM text of a private endpoint's CA (empty: the image's CAs)
#   OFFSITE_ENCRYPT         true (default) | false
#   OFFSITE_PASSWORD, OFFSITE_SALT   the crypt passphrase and salt

# off_setup: exports rclone's settings and sets OFF_REMOTE and OFF_WHERE.
off_setup() {
  [ -n "${OFFSITE_BUCKET:-}" ] || die "OFFSITE_BUCKET is not set"
  export RCLONE_CONFIG=/dev/null
  # Bounded retries: a store that is down fails the Job within minutes, not hours.
  export RCLONE_RETRIES="${RCLONE_RETRIES:-3}" RCLONE_LOW_LEVEL_RETRIES="${RCLONE_LOW_LEVEL_RETRIES:-3}"
  export RCLONE_CONTIMEOUT="${RCLONE_CONTIMEOUT:-20s}" RCLONE_TIMEOUT="${RCLONE_TIMEOUT:-5m}"
  export RCLONE_CONFIG_STORE_TYPE=s3
  export RCLONE_CONFIG_STORE_PROVIDER="${OFFSITE_PROVIDER:-AWS}"
  # The SDK's chain: AWS_* variables when the Secret gives them, else the pod's workload identity.
  export RCLONE_CONFIG_STORE_ENV_AUTH=true
  # Never create the bucket: a missing one is a configuration error, reported as such.
  export RCLONE_CONFIG_STORE_NO_CHECK_BUCKET=true
  [ -z "${OFFSITE_ENDPOINT:-}" ] || export RCLONE_CONFIG_STORE_ENDPOINT="$OFFSITE_ENDPOINT"
  [ -z "${OFFSITE_REGION:-}" ] || export RCLONE_CONFIG_STORE_REGION="$OFFSITE_REGION"
  export RCLONE_CONFIG_STORE_FORCE_PATH_STYLE=false
  [ "${OFFSITE_PATH_STYLE:-false}" != true ] || export RCLONE_CONFIG_STORE_FORCE_PATH_STYLE=true
  [ -z "${OFFSITE_STORAGE_CLASS:-}" ] || export RCLONE_CONFIG_STORE_STORAGE_CLASS="$OFFSITE_STORAGE_CLASS"
  if [ -n "${OFFSITE_CA_BUNDLE_PEM:-}" ]; then
    OFF_CA=${TMPDIR:-/tmp}/backupgen-offsite-ca.pem
    printf '%s\n' "$OFFSITE_CA_BUNDLE_PEM" >"$OFF_CA" || die "cannot write the CA bundle to $OFF_CA"
    export RCLONE_CA_CERT="$OFF_CA"
  fi
  OFF_BASE=store:$OFFSITE_BUCKET${OFFSITE_PREFIX:+/$OFFSITE_PREFIX}
  # shellcheck disable=SC2034 # read by upload.sh and fetch.sh, which source this file
  OFF_WHERE="bucket \"$OFFSITE_BUCKET\"${OFFSITE_PREFIX:+ prefix \"$OFFSITE_PREFIX\"}${OFFSITE_ENDPOINT:+ at $OFFSITE_ENDPOINT}"
  case "${OFFSITE_ENCRYPT:-true}" in
    true)
      [ -n "${OFFSITE_PASSWORD:-}" ] || die "OFFSITE_PASSWORD is empty: the encryption Secret has no passphrase"
      [ -n "${OFFSITE_SALT:-}" ] || die "OFFSITE_SALT is empty: the encryption Secret has no salt"
      export RCLONE_CONFIG_OFFSITE_TYPE=crypt
      export RCLONE_CONFIG_OFFSITE_REMOTE="$OFF_BASE"
      # rclone keeps these obscured (not encrypted): obscure what the Secret holds, via stdin, not argv.
      RCLONE_CONFIG_OFFSITE_PASSWORD=$(printf '%s' "$OFFSITE_PASSWORD" | rclone obscure -) ||
        die "rclone obscure failed"
      RCLONE_CONFIG_OFFSITE_PASSWORD2=$(printf '%s' "$OFFSITE_SALT" | rclone obscure -) ||
        die "rclone obscure failed"
      export RCLONE_CONFIG_OFFSITE_PASSWORD RCLONE_CONFIG_OFFSITE_PASSWORD2
      OFF_REMOTE=offsite:
      ;;
    false) OFF_REMOTE=$OFF_BASE/ ;;
    *) die "OFFSITE_ENCRYPT must be true or false, got '$OFFSITE_ENCRYPT'" ;;
  esac
  OFF_ERR=$(mktemp "${TMPDIR:-/tmp}/backupgen-rclone.XXXXXX") || die "cannot create a file in ${TMPDIR:-/tmp}"
}

# off_why: what rclone's last error output (OFF_ERR) means, in one line.
off_why() {
  if grep -q 'NoSuchBucket' "$OFF_ERR"; then
    printf '%s' "bucket '$OFFSITE_BUCKET' does not exist (backupgen never creates it)"
  elif grep -qE 'InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|InvalidToken|ExpiredToken|NoCredentialProviders|status code: 403' "$OFF_ERR"; then
    printf '%s' "the store refused the credentials (check the keys in the credentials Secret, or the workload identity's permissions on the bucket)"
  elif grep -qE 'connection refused|no such host|i/o timeout|dial tcp|network is unreachable|TLS handshake|x509' "$OFF_ERR"; then
    printf '%s' "cannot reach the store${OFFSITE_ENDPOINT:+ at $OFFSITE_ENDPOINT} ($(grep -oE 'connection refused|no such host|i/o timeout|network is unreachable|x509: [^"]*' "$OFF_ERR" | head -n 1))"
  elif grep -qE 'failed to authenticate decrypted block|bad password|not a encrypted file|bad magic' "$OFF_ERR"; then
    printf '%s' "an object does not decrypt with this key: wrong OFFSITE_PASSWORD/OFFSITE_SALT, or the object is damaged"
  elif grep -qE 'unexpected EOF|corrupted on transfer|hash differ|md5 differ|sizes differ' "$OFF_ERR"; then
    printf '%s' "the object read from the store is damaged (its size or checksum is not what was stored; $(grep -oE 'unexpected EOF|corrupted on transfer[^"]*|hash differ|md5 differ|sizes differ' "$OFF_ERR" | head -n 1))"
  else
    printf '%s' "rclone: $(grep -v '^$' "$OFF_ERR" | tail -n 2 | tr '\n' ' ')"
  fi
}

# off_list: the file names in the remote folder, one per line (nothing when empty).
# S3 has no folders: an empty prefix (and, as rclone reports it, a missing bucket)
# is "directory not found" (exit 3); uploading then names a missing bucket.
off_list() {
  ol_rc=0
  rclone lsf --files-only "$OFF_REMOTE" 2>"$OFF_ERR" || ol_rc=$?
  [ "$ol_rc" -eq 0 ] || [ "$ol_rc" -eq 3 ]
}

# off_refuse_wrong_key NAMES: with encryption on, dies when the store holds more objects than the
# decrypted listing NAMES shows: the key is wrong. Crypt leaves out every name the key does not
# decrypt, and a wrong key can still "decrypt" a name now and then (its padding happens to check out)
# into garbage, so NAMES being non-empty does not prove the key right: counting does.
off_refuse_wrong_key() {
  [ "${OFFSITE_ENCRYPT:-true}" = true ] || return 0
  orw_raw=$(rclone lsf --files-only "$OFF_BASE" 2>/dev/null | grep -c .) || orw_raw=0
  orw_seen=$(printf '%s\n' "$1" | grep -c .) || orw_seen=0
  [ "$orw_raw" -le "$orw_seen" ] ||
    die "$OFF_WHERE holds objects, but none decrypts with this key: wrong OFFSITE_PASSWORD/OFFSITE_SALT (the encryption Secret)"
}

# off_strict DB TIER: filters names on stdin to the strict backup names of DB in
# TIER (every tier when empty), with common.sh's rule for the volume.
off_strict() {
  while IFS= read -r os_name; do
    if bg_is_backup "$os_name" "$1" "$2"; then
      printf '%s\n' "$os_name"
    fi
  done
}

# off_remote_sha NAME: the sha256 of the remote object NAME as read back (and,
# encrypted, decrypted and authenticated) from the store; fails when unreadable.
off_remote_sha() {
  ors_rc=${TMPDIR:-/tmp}/backupgen-rclone-rc.$$
  ors_sum=$({
    rclone cat "$OFF_REMOTE$1" 2>"$OFF_ERR"
    echo "$?" >"$ors_rc"
  } | sha256sum) || return 1
  ors_status=$(cat "$ors_rc" 2>/dev/null) || ors_status=1
  rm -f "$ors_rc"
  [ "$ors_status" = 0 ] || return 1
  printf '%s\n' "${ors_sum%% *}"
}

# off_size NAME: the size in bytes of remote object NAME (decrypted size).
off_size() {
  rclone lsf --format s --files-only "$OFF_REMOTE$1" 2>"$OFF_ERR"
}
