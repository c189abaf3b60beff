{{/*
Shared pieces of the backupgen chart. Object names and labels are the kustomize base's exactly
(no release-name prefix, no Helm labels), so `helm template` and `kubectl kustomize k8s/base` give
the same objects; the tests compare them field by field.
*/}}

{{/* The common labels of every object, seed 000's contract. */}}
{{- define "backupgen.labels" -}}
app.kubernetes.io/name: {{ .Values.project.slug | quote }}
app.kubernetes.io/component: "backup"
app.kubernetes.io/part-of: {{ .Values.project.slug | quote }}
{{- end }}

{{/* repository:tag[@digest] */}}
{{- define "backupgen.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}{{ with .Values.image.digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
A CronJob running one script in the backup image: every backupgen job shares this pod layout
(security, volumes) and differs only in the dict's values.
dict keys: root (the chart context), name, type (label backup-type), schedule, timeZone, suspend,
successfulJobsHistoryLimit, failedJobsHistoryLimit, startingDeadlineSeconds, backoffLimit,
activeDeadlineSeconds, container, script, resources ({requests,limits}{cpu,memory}), pod (the job's
placement as backupgen resolved it: nodeSelector, tolerations, affinity, priorityClassName,
annotations, labels, imagePullSecrets; empty ones are not written), optional backupsReadOnly (mount
the backup volume read-only) and scratch (a list of {name, mountPath, sizeLimit} emptyDir volumes
mounted in the container), optional image (of the job's container; default: the backup image) and
initContainers (a list of {name, script, env, resources, optional image} run first, with the same
security and mounts), env: the job's
variables as _env.tpl lists them (generated from backupgen's model, so the variables a script gets
are decided in one place): name plus one of value, configMapKey (in the chart's ConfigMap) or
credential (usernameKey/passwordKey: which key of the credentials Secret) or fieldPath (a field of
the pod, through the downward API) or secretName/secretKey (a key of another Secret).
*/}}
{{- define "backupgen.cronjob" -}}
{{- $root := .root -}}
{{- $job := . -}}
{{- $v := $root.Values -}}
{{- $config := printf "%s-backup-config" $v.project.slug -}}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ .name }}
  {{- with $v.project.namespace }}
  namespace: {{ . }}
  {{- end }}
  labels:
    {{- include "backupgen.labels" $root | nindent 4 }}
    backup-type: {{ .type | quote }}
spec:
  schedule: {{ .schedule | quote }}
  timeZone: {{ .timeZone | quote }}
  concurrencyPolicy: Forbid
  suspend: {{ .suspend }}
  successfulJobsHistoryLimit: {{ .successfulJobsHistoryLimit | int }}
  failedJobsHistoryLimit: {{ .failedJobsHistoryLimit | int }}
  startingDeadlineSeconds: {{ .startingDeadlineSeconds | int }}
  jobTemplate:
    metadata:
      labels:
        {{- include "backupgen.labels" $root | nindent 8 }}
        backup-type: {{ .type | quote }}
    spec:
      backoffLimit: {{ .backoffLimit | int }}
      activeDeadlineSeconds: {{ .activeDeadlineSeconds | int }}
      template:
        metadata:
          labels:
            {{- include "backupgen.labels" $root | nindent 12 }}
            backup-type: {{ .type | quote }}
            {{- with .pod.labels }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- with .pod.annotations }}
          annotations:
            {{- toYaml . | nindent 12 }}
          {{- end }}
        spec:
          serviceAccountName: {{ $v.serviceAccount.name }}
          automountServiceAccountToken: false
          restartPolicy: Never
          {{- with .pod.priorityClassName }}
          priorityClassName: {{ . | quote }}
          {{- end }}
          {{- with .pod.nodeSelector }}
          nodeSelector:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .pod.tolerations }}
          tolerations:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .pod.affinity }}
          affinity:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .pod.imagePullSecrets }}
          imagePullSecrets:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            runAsNonRoot: true
            {{- /* "auto": the platform assigns the ID (OpenShift's restricted-v2 SCC) */}}
            {{- if ne (toString $v.security.runAsUser) "auto" }}
            runAsUser: {{ $v.security.runAsUser | int64 }}
            {{- end }}
            {{- if ne (toString $v.security.runAsGroup) "auto" }}
            runAsGroup: {{ $v.security.runAsGroup | int64 }}
            {{- end }}
            {{- if ne (toString $v.security.fsGroup) "auto" }}
            fsGroup: {{ $v.security.fsGroup | int64 }}
            {{- end }}
            fsGroupChangePolicy: OnRootMismatch
            seccompProfile:
              type: RuntimeDefault
          {{- with .initContainers }}
          initContainers:
            {{- range . }}
            {{- include "backupgen.container" (dict "root" $root "c" . "job" $job) | nindent 12 }}
            {{- end }}
          {{- end }}
          containers:
            {{- include "backupgen.container" (dict "root" $root "c" (dict "name" .container "image" .image "script" .script "env" .env "resources" .resources) "job" $job) | nindent 12 }}
          volumes:
            - name: backup-storage
              {{- if eq $v.storage.mode "scratch" }}
              emptyDir:
                sizeLimit: {{ $v.storage.size | quote }}
              {{- else }}
              persistentVolumeClaim:
                claimName: {{ $v.storage.existingClaim | default (printf "%s-backup-pvc" $v.project.slug) }}
              {{- end }}
            - name: scripts
              configMap:
                name: {{ $v.project.slug }}-backup-scripts
                defaultMode: 0555
            - name: tmp
              emptyDir:
                sizeLimit: 64Mi
            {{- range .scratch }}
            - name: {{ .name }}
              emptyDir:
                sizeLimit: {{ .sizeLimit | quote }}
            {{- end }}
{{- end }}

{{/*
One container of a backupgen pod, locked down, with the pod's mounts. dict: root, job (the cronjob
helper's dict: backupsReadOnly, scratch), c: name, script, env, resources, optional image.
*/}}
{{- define "backupgen.container" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $config := printf "%s-backup-config" $v.project.slug -}}
{{- $job := .job -}}
{{- $c := .c -}}
- name: {{ $c.name }}
  image: {{ $c.image | default (include "backupgen.image" $root) | quote }}
  imagePullPolicy: {{ $v.image.pullPolicy }}
  command: ["/bin/sh", "/scripts/{{ $c.script }}"]
  env:
    {{- range $c.env }}
    - name: {{ .name }}
      {{- if hasKey . "value" }}
      value: {{ .value | quote }}
      {{- else if hasKey . "configMapKey" }}
      valueFrom:
        configMapKeyRef:
          name: {{ $config }}
          key: {{ .configMapKey }}
      {{- else if hasKey . "fieldPath" }}
      valueFrom:
        fieldRef:
          fieldPath: {{ .fieldPath }}
      {{- else if hasKey . "secretName" }}
      valueFrom:
        secretKeyRef:
          name: {{ .secretName }}
          key: {{ .secretKey | quote }}
      {{- else }}
      valueFrom:
        secretKeyRef:
          name: {{ $v.database.credentials.secretName }}
          key: {{ index $v.database.credentials .credential | quote }}
      {{- end }}
    {{- end }}
  resources:
    requests:
      cpu: {{ $c.resources.requests.cpu | quote }}
      memory: {{ $c.resources.requests.memory | quote }}
    limits:
      cpu: {{ $c.resources.limits.cpu | quote }}
      memory: {{ $c.resources.limits.memory | quote }}
  securityContext:
    allowPrivilegeEscalation: false
    readOnlyRootFilesystem: true
    capabilities:
      drop: ["ALL"]
  volumeMounts:
    - name: backup-storage
      mountPath: /backups
      {{- if $job.backupsReadOnly }}
      readOnly: true
      {{- end }}
    - name: scripts
      mountPath: /scripts
      readOnly: true
    - name: tmp
      mountPath: /tmp
    {{- range $job.scratch }}
    - name: {{ .name }}
      mountPath: {{ .mountPath }}
    {{- end }}
{{- end }}

{{/*
One alerting rule of the PrometheusRule. dict keys: alert, expr, for (empty: none), severity, tier
(empty: no tier label), summary, description, runbook (base URL; empty: no runbook_url).
*/}}
{{- define "backupgen.alertRule" -}}
- alert: {{ .alert }}
  expr: |-
{{ .expr | indent 4 }}
  {{- with .for }}
  for: {{ . }}
  {{- end }}
  labels:
    severity: {{ .severity | quote }}
    {{- with .tier }}
    tier: {{ . | quote }}
    {{- end }}
  annotations:
    summary: {{ .summary | quote }}
    description: {{ .description | quote }}
    {{- with .runbook }}
    runbook_url: {{ printf "%s#%s" . (lower $.alert) | quote }}
    {{- end }}
{{- end }}

{{/* No success for too long (idle: while no Job runs), or never since creation. dict: nsp, cj, seconds, idle. */}}
{{- define "backupgen.alertExpr.tooOld" -}}
{{- $cj := printf "{%scronjob=\"%s\"}" .nsp .cj -}}
{{- $age := printf "(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time%s))" $cj -}}
(
  {{ $age }} > {{ .idle }}
  and on (namespace, cronjob) max by (namespace, cronjob) (kube_cronjob_status_active{{ $cj }}) == 0
)
or
{{ $age }} > {{ .seconds }}
or
(
  (time() - max by (namespace, cronjob) (kube_cronjob_created{{ $cj }})) > {{ .seconds }}
  unless on (namespace, cronjob) kube_cronjob_status_last_successful_time{{ $cj }}
)
{{- end }}

{{/* A failed Job of the CronJob that started after its last success. dict: ns, nsp, cj. */}}
{{- define "backupgen.alertExpr.failed" -}}
{{- $cj := printf "{%scronjob=\"%s\"}" .nsp .cj -}}
max by (namespace, owner_name, job_name) (
  max by (namespace, job_name) (kube_job_status_start_time{{ with .ns }}{namespace="{{ . }}"}{{ end }})
  * on (namespace, job_name) group_left (owner_name)
    max by (namespace, job_name, owner_name) (kube_job_owner{{ "{" }}{{ .nsp }}owner_kind="CronJob", owner_name="{{ .cj }}"})
  * on (namespace, job_name) group_left ()
    max by (namespace, job_name) (kube_job_failed{{ "{" }}{{ .nsp }}condition="true"} == 1)
)
> on (namespace, owner_name) group_left ()
label_replace(
  max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{{ $cj }})
  or on (namespace, cronjob)
  max by (namespace, cronjob) (kube_cronjob_created{{ $cj }}) * 0,
  "owner_name", "$1", "cronjob", "(.+)"
)
{{- end }}

{{/*
A tier's "too old" threshold in seconds (alerts.maxAge.<tier>.seconds), after checking that it was
computed for the tier's current schedule, time zone and deadlines: backupgen computes it, the chart
cannot, so a changed schedule must be re-rendered. dict: root, tier.
*/}}
{{- define "backupgen.tierMaxAge" -}}
{{- $single := eq .root.Values.tiers.mode "single" -}}
{{- /* One-dump mode files weekly and monthly from the daily job's dumps. */ -}}
{{- $t := index .root.Values.tiers (ternary "daily" .tier $single) -}}
{{- $filed := and $single (ne .tier "daily") -}}
{{- $m := index .root.Values.alerts.maxAge (ternary (printf "%sFiled" .tier) .tier $filed) -}}
{{- $basis := printf "%s %s %d %d" $t.schedule $t.timeZone (int $t.startingDeadlineSeconds) (int $t.activeDeadlineSeconds) -}}
{{- if $filed }}{{ $basis = printf "%s filed %s" $basis .tier }}{{ end -}}
{{- if and (gt (int64 $m.seconds) 0) (ne $m.basis $basis) -}}
{{- fail (printf "alerts.maxAge.%s was computed by backupgen for '%s' (schedule, time zone, startingDeadlineSeconds, activeDeadlineSeconds), but the values say '%s': re-render the chart with backupgen so the threshold follows the schedule" .tier $m.basis $basis) -}}
{{- end -}}
{{- int64 $m.seconds -}}
{{- end }}

{{/*
Off-site copies (offsite.*): the variables that say where the bucket is and how to reach and decrypt it,
in the order of backupgen's model (io.backupgen.model.offsite.Offsite), as a JSON list of env entries.
*/}}
{{- define "backupgen.offsite.storeEnv" -}}
{{- $o := .Values.offsite -}}
{{- $env := list (dict "name" "PGDATABASE" "configMapKey" "POSTGRES_DB") (dict "name" "BACKUP_DIR" "value" "/backups")
      (dict "name" "OFFSITE_PROVIDER" "value" $o.provider) (dict "name" "OFFSITE_ENDPOINT" "value" $o.endpoint)
      (dict "name" "OFFSITE_REGION" "value" $o.region) (dict "name" "OFFSITE_BUCKET" "value" $o.bucket)
      (dict "name" "OFFSITE_PREFIX" "value" $o.prefix) (dict "name" "OFFSITE_PATH_STYLE" "value" (toString $o.pathStyle))
      (dict "name" "OFFSITE_STORAGE_CLASS" "value" $o.storageClass) -}}
{{- with $o.credentials.secretName }}
{{- $env = append $env (dict "name" "AWS_ACCESS_KEY_ID" "secretName" . "secretKey" $o.credentials.accessKeyIdKey) }}
{{- $env = append $env (dict "name" "AWS_SECRET_ACCESS_KEY" "secretName" . "secretKey" $o.credentials.secretAccessKeyKey) }}
{{- end }}
{{- with $o.caBundle.secretName }}
{{- $env = append $env (dict "name" "OFFSITE_CA_BUNDLE_PEM" "secretName" . "secretKey" $o.caBundle.key) }}
{{- end }}
{{- $env = append $env (dict "name" "OFFSITE_ENCRYPT" "value" (toString $o.encryption.enabled)) }}
{{- if $o.encryption.enabled }}
{{- $env = append $env (dict "name" "OFFSITE_PASSWORD" "secretName" $o.encryption.secretName "secretKey" $o.encryption.passwordKey) }}
{{- $env = append $env (dict "name" "OFFSITE_SALT" "secretName" $o.encryption.secretName "secretKey" $o.encryption.saltKey) }}
{{- end }}
{{- toJson $env -}}
{{- end }}

{{/*
A job reading its backup from the bucket: the fetch init container first (fetch.sh into the scratch volume
"fetched"), then the job reads it there. dict: root, env (the job's variables), restore (true: the restore,
which reads RESTORE_SOURCE_DIR; else BACKUP_DIR moves). JSON: {"init": container, "env": the job's variables}.
*/}}
{{- define "backupgen.offsite.readFrom" -}}
{{- $fetch := append (include "backupgen.offsite.storeEnv" .root | fromJsonArray) (dict "name" "FETCH_DIR" "value" "/fetched") -}}
{{- $own := list -}}
{{- $hasDir := false -}}
{{- range .env }}
{{- if eq .name "RESTORE_FILE" }}{{ $fetch = append $fetch (set (deepCopy .) "name" "FETCH_FILE") }}{{ end }}
{{- if or (eq .name "RESTORE_TIER") (eq .name "VERIFY_TIER") }}{{ $fetch = append $fetch (set (deepCopy .) "name" "FETCH_TIER") }}{{ end }}
{{- if and (not $.restore) (eq .name "BACKUP_DIR") }}
{{- $own = append $own (dict "name" "BACKUP_DIR" "value" "/fetched") }}{{ $hasDir = true }}
{{- else }}
{{- $own = append $own . }}
{{- end }}
{{- end }}
{{- if .restore }}
{{- $own = append $own (dict "name" "RESTORE_SOURCE_DIR" "value" "/fetched") }}
{{- else if not $hasDir }}
{{- $own = append $own (dict "name" "BACKUP_DIR" "value" "/fetched") }}
{{- end }}
{{- $o := .root.Values.offsite -}}
{{- toJson (dict "init" (dict "name" "fetch" "script" "fetch.sh" "image" $o.image "resources" $o.resources "env" $fetch) "env" $own) -}}
{{- end }}

{{/*
A backup job's containers: backup.sh alone, or (offsite.enabled) backup.sh as an init container and
upload.sh in rclone's image as the container. dict: root, tier, resources and env (the dump's). JSON of
the cronjob helper's keys container, script, resources, env, and image/initContainers with off-site.
*/}}
{{- define "backupgen.offsite.backup" -}}
{{- $o := .root.Values.offsite -}}
{{- if $o.enabled -}}
{{- $keep := index $o.keep .tier | int -}}
{{- if eq $keep 0 }}{{ $keep = (index .root.Values.tiers .tier).keep | int }}{{ end -}}
{{- $env := concat (include "backupgen.offsite.storeEnv" .root | fromJsonArray)
      (list (dict "name" "BACKUP_TIER" "value" .tier) (dict "name" "OFFSITE_KEEP" "value" (toString $keep))) -}}
{{- if .single }}
{{- /* one-dump mode: the tiers backup.sh files into are uploaded too (upload.sh's OFFSITE_PROMOTE) */}}
{{- $filed := list }}
{{- range $t := list "weekly" "monthly" }}
{{- if (index $.root.Values.tiers $t).enabled }}
{{- $k := index $o.keep $t | int }}
{{- if eq $k 0 }}{{ $k = (index $.root.Values.tiers $t).keep | int }}{{ end }}
{{- $filed = append $filed (printf "%s=%d" $t $k) }}
{{- end }}
{{- end }}
{{- if $filed }}
{{- $env = append $env (dict "name" "OFFSITE_PROMOTE" "value" (join " " $filed)) }}
{{- end }}
{{- end }}
{{- toJson (dict "container" "upload" "script" "upload.sh" "image" $o.image "resources" $o.resources "env" $env
      "initContainers" (list (dict "name" "backup" "script" "backup.sh" "resources" .resources "env" .env))) -}}
{{- else -}}
{{- toJson (dict "container" "backup" "script" "backup.sh" "resources" .resources "env" .env) -}}
{{- end -}}
{{- end }}
