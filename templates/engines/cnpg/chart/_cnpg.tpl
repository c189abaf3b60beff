{{/*
barman-cloud's object-store settings (values database.cnpg.objectStore), as an ObjectStore's
configuration and a recovery Cluster's externalClusters[].barmanObjectStore hold them.
dict keys: root (the chart context), serverName (false for an ObjectStore, whose CEL rule forbids it).
*/}}
{{- define "backupgen.cnpg.barman" -}}
{{- $s := .root.Values.database.cnpg.objectStore -}}
destinationPath: {{ $s.destinationPath | quote }}
{{- with $s.endpointURL }}
endpointURL: {{ . | quote }}
{{- end }}
{{- if $s.endpointCA.secretName }}
endpointCA:
  name: {{ $s.endpointCA.secretName }}
  key: {{ $s.endpointCA.key | quote }}
{{- end }}
{{- if .serverName }}
serverName: {{ $s.serverName | quote }}
{{- end }}
s3Credentials:
  accessKeyId:
    name: {{ required "database.cnpg.objectStore.credentials.secretName is required" $s.credentials.secretName }}
    key: {{ $s.credentials.accessKeyIdKey | quote }}
  secretAccessKey:
    name: {{ $s.credentials.secretName }}
    key: {{ $s.credentials.secretAccessKeyKey | quote }}
{{- if or $s.compression $s.encryption }}
{{- range $part := list "wal" "data" }}
{{ $part }}:
  {{- with $s.compression }}
  compression: {{ . }}
  {{- end }}
  {{- with $s.encryption }}
  encryption: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end }}
{{- end }}
