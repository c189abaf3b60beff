{{/*
Shared pieces of the backupgen chart. Object names and labels are the kustomize base's exactly
(no release-name prefix), so `helm template` and `kubectl kustomize k8s/base` give the same objects.
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
