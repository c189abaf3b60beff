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
annotations, labels, imagePullSecrets; empty ones are not written), env: the job's
variables as _env.tpl lists them (generated from backupgen's model, so the variables a script gets
are decided in one place): name plus one of value, configMapKey (in the chart's ConfigMap) or
credential (usernameKey/passwordKey: which key of the credentials Secret).
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
                - name: scripts
                  mountPath: /scripts
                  readOnly: true
                - name: tmp
                  mountPath: /tmp
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
{{- end }}
