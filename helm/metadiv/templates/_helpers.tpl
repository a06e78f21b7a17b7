{{- define "metadiv.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "metadiv.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "metadiv.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "metadiv.secretName" -}}
{{- .Values.database.existingSecret | default (include "metadiv.fullname" .) -}}
{{- end -}}

{{- define "metadiv.keysSecretName" -}}
{{- .Values.security.existingSecret | default (printf "%s-keys" (include "metadiv.fullname" .)) -}}
{{- end -}}

{{/* Container shared by the api and worker Deployments; the role decides what the jar runs. */}}
{{- define "metadiv.container" -}}
- name: metadiv
  image: {{ include "metadiv.image" .root }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  envFrom:
    - configMapRef:
        name: {{ include "metadiv.fullname" .root }}
  env:
    - name: METADIV_ROLES
      value: {{ .role }}
    {{- if eq .role "worker" }}
    - name: METADIV_WORKER_SLOTS
      value: {{ .root.Values.worker.slots | quote }}
    - name: METADIV_TORCH_THREADS
      value: {{ .root.Values.worker.torchThreads | quote }}
    {{- end }}
    {{- if and (eq .role "api") (or .root.Values.security.existingSecret .root.Values.security.bootstrapAdminKey) }}
    - name: METADIV_BOOTSTRAP_ADMIN_KEY
      valueFrom:
        secretKeyRef:
          name: {{ include "metadiv.keysSecretName" .root }}
          key: bootstrap-admin-key
    {{- end }}
    - name: SPRING_DATASOURCE_PASSWORD
      valueFrom:
        secretKeyRef:
          name: {{ include "metadiv.secretName" .root }}
          key: password
  ports:
    - name: http
      containerPort: 8080
  readinessProbe:
    httpGet: {path: /actuator/health/readiness, port: http}
    initialDelaySeconds: 20
  livenessProbe:
    httpGet: {path: /actuator/health/liveness, port: http}
    initialDelaySeconds: 60
  securityContext:
    runAsNonRoot: true
    allowPrivilegeEscalation: false
{{- end -}}
