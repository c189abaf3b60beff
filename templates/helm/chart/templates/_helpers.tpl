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
mounted in the container), env: the job's
variables as _env.tpl lists them (generated from backupgen's model, so the variables a script gets
are decided in one place): name plus one of value, configMapKey (in the chart's ConfigMap) or
credential (usernameKey/passwordKey: which key of the credentials Secret) or fieldPath (a field of
the pod, through the downward API).
*/}}
{{- define "backupgen.cronjob" -}}
{{- $root := .root -}}
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
          containers:
            - name: {{ .container }}
              image: {{ include "backupgen.image" $root | quote }}
              imagePullPolicy: {{ $v.image.pullPolicy }}
              command: ["/bin/sh", "/scripts/{{ .script }}"]
              env:
                {{- range .env }}
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
                  {{- else }}
                  valueFrom:
                    secretKeyRef:
                      name: {{ $v.database.credentials.secretName }}
                      key: {{ index $v.database.credentials .credential | quote }}
                  {{- end }}
                {{- end }}
              resources:
                requests:
                  cpu: {{ .resources.requests.cpu | quote }}
                  memory: {{ .resources.requests.memory | quote }}
                limits:
                  cpu: {{ .resources.limits.cpu | quote }}
                  memory: {{ .resources.limits.memory | quote }}
              securityContext:
                allowPrivilegeEscalation: false
                readOnlyRootFilesystem: true
                capabilities:
                  drop: ["ALL"]
              volumeMounts:
                - name: backup-storage
                  mountPath: /backups
                  {{- if .backupsReadOnly }}
                  readOnly: true
                  {{- end }}
                - name: scripts
                  mountPath: /scripts
                  readOnly: true
                - name: tmp
                  mountPath: /tmp
                {{- range .scratch }}
                - name: {{ .name }}
                  mountPath: {{ .mountPath }}
                {{- end }}
          volumes:
            - name: backup-storage
              persistentVolumeClaim:
                claimName: {{ $v.storage.existingClaim | default (printf "%s-backup-pvc" $v.project.slug) }}
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
