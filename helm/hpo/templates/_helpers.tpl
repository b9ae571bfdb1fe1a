{{/* The base of every resource name: "hpo" unless nameOverride says otherwise. */}}
{{- define "hpo.name" -}}
{{- default "hpo" .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "hpo.labels" -}}
app.kubernetes.io/part-of: {{ include "hpo.name" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{/* The image. */}}
{{- define "hpo.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag }}
{{- end -}}

{{/* The seed node: the coordinator's first pod behind its headless Service. */}}
{{- define "hpo.seed" -}}
akka.tcp://hpo@{{ include "hpo.name" . }}-coordinator-0.{{ include "hpo.name" . }}-coordinator.{{ .Release.Namespace }}.svc.cluster.local:4053
{{- end -}}

{{/* The Secret holding HPO__STORAGE__CONNECTIONSTRING. */}}
{{- define "hpo.databaseSecret" -}}
{{- default (printf "%s-database" (include "hpo.name" .)) .Values.postgresql.existingSecret -}}
{{- end -}}

{{/* Prometheus scrape annotations for a port. */}}
{{- define "hpo.scrape" -}}
{{- if .root.Values.metrics.annotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}
