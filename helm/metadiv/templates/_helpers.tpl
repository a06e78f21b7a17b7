{{/* release-chart, or the release name alone where it already names the chart (release "metadiv": "metadiv"). */}}
{{- define "metadiv.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "metadiv.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Pods of one role: what the role's Deployment, Service, PDB and HPA select. */}}
{{- define "metadiv.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "metadiv.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The chart's own Secret: the database password and the bootstrap admin key, unless both come from elsewhere. */}}
{{- define "metadiv.ownSecret" -}}
{{- if or (not .Values.database.existingSecret) (and .Values.auth.keysEnabled (not .Values.auth.existingSecret)) -}}
true
{{- end -}}
{{- end -}}

{{- define "metadiv.databaseSecretName" -}}
{{- .Values.database.existingSecret | default (include "metadiv.fullname" .) -}}
{{- end -}}

{{- define "metadiv.authSecretName" -}}
{{- .Values.auth.existingSecret | default (include "metadiv.fullname" .) -}}
{{- end -}}

{{/*
The worker's wait for its running jobs to checkpoint (db-scheduler.shutdown-max-wait, env METADIV_SHUTDOWN_MAX_WAIT):
the pod's grace period less the margin the rest of the shutdown needs, so Kubernetes never kills a checkpointing job.
*/}}
{{- define "metadiv.workerShutdownWait" -}}
{{- $grace := int .Values.worker.terminationGracePeriodSeconds -}}
{{- $margin := int .Values.worker.shutdownMarginSeconds -}}
{{- if le $grace $margin -}}
{{- fail (printf "worker.terminationGracePeriodSeconds (%d) must exceed worker.shutdownMarginSeconds (%d)" $grace $margin) -}}
{{- end -}}
{{- printf "%ds" (sub $grace $margin) -}}
{{- end -}}

{{/* Pod spec shared by the api and worker Deployments; .role decides what the jar runs and what the pod gets. */}}
{{- define "metadiv.podSpec" -}}
{{- $root := .root -}}
{{- $values := index $root.Values .role -}}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if eq .role "worker" }}
terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
{{- end }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
containers:
  - name: metadiv
    image: {{ include "metadiv.image" $root }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    envFrom:
      - configMapRef:
          name: {{ include "metadiv.fullname" $root }}
    env:
      - name: METADIV_ROLES
        value: {{ .role }}
      - name: SPRING_DATASOURCE_PASSWORD
        valueFrom:
          secretKeyRef:
            name: {{ include "metadiv.databaseSecretName" $root }}
            key: {{ $root.Values.database.existingSecretPasswordKey }}
      {{- if eq .role "api" }}
      - name: METADIV_KEYS_ENABLED
        value: {{ $root.Values.auth.keysEnabled | quote }}
      {{- if $root.Values.auth.keysEnabled }}
      - name: METADIV_BOOTSTRAP_ADMIN_KEY
        valueFrom:
          secretKeyRef:
            name: {{ include "metadiv.authSecretName" $root }}
            key: {{ $root.Values.auth.existingSecretKey }}
      {{- end }}
      {{- else }}
      - name: METADIV_WORKER_SLOTS
        value: {{ $values.slots | quote }}
      - name: METADIV_TORCH_THREADS
        value: {{ $values.torchThreads | quote }}
      - name: METADIV_SHUTDOWN_MAX_WAIT
        value: {{ include "metadiv.workerShutdownWait" $root | quote }}
      {{- end }}
    ports:
      - name: http
        containerPort: 8080
    # Actuator answers in both roles (a worker serves nothing else): startup gives Flyway and libtorch time,
    # liveness restarts a hung JVM, readiness keeps traffic (api) and rollouts (both) off a pod not yet ready.
    startupProbe:
      httpGet: {path: /actuator/health/liveness, port: http}
      {{- toYaml $root.Values.probes.startup | nindent 6 }}
    livenessProbe:
      httpGet: {path: /actuator/health/liveness, port: http}
      {{- toYaml $root.Values.probes.liveness | nindent 6 }}
    readinessProbe:
      httpGet: {path: /actuator/health/readiness, port: http}
      {{- toYaml $root.Values.probes.readiness | nindent 6 }}
    securityContext:
      {{- toYaml $root.Values.securityContext | nindent 6 }}
    resources:
      {{- toYaml $values.resources | nindent 6 }}
    volumeMounts:
      # The root file system is read-only: Tomcat's work and multipart files and upload staging go to /tmp.
      - name: tmp
        mountPath: /tmp
      {{- if eq $root.Values.blobStore.type "filesystem" }}
      - name: blobs
        mountPath: {{ $root.Values.blobStore.mountPath }}
      {{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ $values.tmpSizeLimit }}
  {{- if eq $root.Values.blobStore.type "filesystem" }}
  - name: blobs
    persistentVolumeClaim:
      claimName: {{ required "blobStore.existingClaim is required with blobStore.type=filesystem (a ReadWriteMany claim shared by api and workers)" $root.Values.blobStore.existingClaim }}
  {{- end }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* A Deployment of one role. */}}
{{- define "metadiv.deployment" -}}
{{- $root := .root -}}
{{- $values := index $root.Values .role -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "metadiv.fullname" $root }}-{{ .role }}
  labels:
    {{- include "metadiv.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .role }}
spec:
  {{- /* With the worker HPA on, the HPA owns the worker count: a replicas field here would reset it at each upgrade. */}}
  {{- if not (and (eq .role "worker") $root.Values.worker.autoscaling.enabled) }}
  replicas: {{ $values.replicas }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "metadiv.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "metadiv.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .role }}
      annotations:
        # Pods restart when the settings change.
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- include "metadiv.podSpec" . | trim | nindent 6 }}
{{- end -}}
