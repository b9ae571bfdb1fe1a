{{/* The app.kubernetes.io/name label: "hpo" unless nameOverride says otherwise. */}}
{{- define "hpo.name" -}}
{{- default "hpo" .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/*
The base of every object's name, from the release so that two releases never collide: the release's name when it
contains the app's name (release "hpo": hpo-coordinator, hpo-worker, ... as deploy/k8s names them), else RELEASE-hpo.
40 characters at most: a StatefulSet's pods add "-coordinator-N" and a revision hash label to it.
*/}}
{{- define "hpo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "hpo.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "hpo.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The image's tag: image.tag, else the chart's appVersion; also the app.kubernetes.io/version label. */}}
{{- define "hpo.version" -}}
{{- default .Chart.AppVersion .Values.image.tag | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hpo.image" -}}
{{ .Values.image.repository }}:{{ include "hpo.version" . }}
{{- end -}}

{{/* The labels selectors match: (dict "root" $ "component" "worker"), "name" for another app's name (postgresql). */}}
{{- define "hpo.selectorLabels" -}}
app.kubernetes.io/name: {{ default (include "hpo.name" .root) .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/* A pod's labels: its selector's, the app it is part of and the version. */}}
{{- define "hpo.podLabels" -}}
{{ include "hpo.selectorLabels" . }}
app.kubernetes.io/part-of: hpo
app.kubernetes.io/version: {{ include "hpo.version" .root | quote }}
{{- end -}}

{{/* An object's labels: a pod's, and Helm's own. */}}
{{- define "hpo.labels" -}}
{{ include "hpo.podLabels" . }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{- end -}}

{{/* The seed node: the coordinator's first pod behind its headless Service. */}}
{{- define "hpo.seed" -}}
akka.tcp://hpo@{{ include "hpo.fullname" . }}-coordinator-0.{{ include "hpo.fullname" . }}-coordinator.{{ .Release.Namespace }}.svc.cluster.local:4053
{{- end -}}

{{/* workers.drainTimeoutSeconds as the TimeSpan HPO__WORKER__DRAINTIMEOUT reads (hh:mm:ss). */}}
{{- define "hpo.drainTimeout" -}}
{{- $s := int .Values.workers.drainTimeoutSeconds -}}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) -}}
{{- end -}}

{{/* How long a pod that trains gets to stop: the 5 s preStop pause, the drain, and 30 s to leave the cluster. */}}
{{- define "hpo.trainingGracePeriod" -}}
{{- add 35 (int .Values.workers.drainTimeoutSeconds) -}}
{{- end -}}

{{/* The Secret holding HPO__STORAGE__CONNECTIONSTRING. */}}
{{- define "hpo.databaseSecret" -}}
{{- default (printf "%s-database" (include "hpo.fullname" .)) .Values.postgresql.existingSecret -}}
{{- end -}}

{{/* The Secret holding HPO__COORDINATOR__APITOKEN. */}}
{{- define "hpo.apiTokenSecret" -}}
{{- default (printf "%s-api-token" (include "hpo.fullname" .)) .Values.apiToken.existingSecret -}}
{{- end -}}

{{/* The Secret (kubernetes.io/tls) holding the cluster port's certificate, tls.crt and tls.key. */}}
{{- define "hpo.clusterTlsSecret" -}}
{{- default (printf "%s-cluster-tls" (include "hpo.fullname" .)) .Values.clusterTls.existingSecret -}}
{{- end -}}

{{/* imagePullSecrets of a pod: global.imagePullSecrets, then imagePullSecrets. */}}
{{- define "hpo.pullSecrets" -}}
{{- $secrets := concat ((.Values.global).imagePullSecrets | default list) .Values.imagePullSecrets -}}
{{- with $secrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Prometheus scrape annotations for a pod's port, when metrics.scrape is annotations. */}}
{{- define "hpo.scrape" -}}
{{- if eq .root.Values.metrics.scrape "annotations" }}
annotations:
  prometheus.io/scrape: "true"
  prometheus.io/port: {{ .port | quote }}
  prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/* Pod Security "restricted": a pod of user and group .uid, with the RuntimeDefault seccomp profile. */}}
{{- define "hpo.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ .uid }}
  fsGroup: {{ .uid }}
  seccompProfile: {type: RuntimeDefault}
{{- end -}}

{{/* The parts of a pod every Hpo container shares: probes on its http port, the preStop pause, its security context. */}}
{{- define "hpo.probes" -}}
livenessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 10
  failureThreshold: 6
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: 5
startupProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 2
  failureThreshold: 60
lifecycle:
  preStop:
    exec: {command: [sleep, "5"]}
{{- end -}}

{{- define "hpo.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: {drop: [ALL]}
{{- end -}}
