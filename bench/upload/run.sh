#!/usr/bin/env bash
# Large-upload figures of the packaged service on loopback (README: Large uploads). Starts target/metadiv-*.jar with a
# fresh data dir (-Xmx1g), makes a ZIP of about ZIP_MB (default 200) megabytes with bench/load/make_zip.py, uploads
# it with Prefer: respond-async and prints one JSON object: seconds until the 202, seconds of the INGEST job (202 to
# SUCCEEDED), peak heap during both (jcmd GC.heap_info every 0.2 s), and the re-upload's status and seconds.
# Usage: bench/upload/run.sh [HTTP_PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."

HTTP_PORT="${1:-18090}"
ZIP_MB="${ZIP_MB:-200}"
PG_PORT=$((HTTP_PORT + 37000))
BASE="http://127.0.0.1:$HTTP_PORT/api/v1"
ls target/metadiv-*.jar >/dev/null 2>&1 || ./mvnw -B -q -o package -DskipTests
JAR="$(ls target/metadiv-*.jar | head -n 1)"

WORK="$(mktemp -d /tmp/metadiv-upload.XXXXXX)"
METADIV_EMBEDDED_POSTGRES_DATA_DIR="$WORK/postgres" METADIV_EMBEDDED_POSTGRES_PORT="$PG_PORT" PORT="$HTTP_PORT" \
    METADIV_TORCH_THREADS=1 java -Xmx1g -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'status=$?; kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true; rm -rf "$WORK"; exit $status' EXIT
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null && break
    kill -0 $SERVICE 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
    sleep 1
done

IMAGES="$(python3 bench/load/make_zip.py "$WORK/upload.zip" "$ZIP_MB")"
SIZE_MB="$(du -m "$WORK/upload.zip" | cut -f1)"
heap_mb() { jcmd "$SERVICE" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }'; }
PEAK=0
sample() { h="$(heap_mb)"; [ -n "$h" ] && [ "$h" -gt "$PEAK" ] && PEAK="$h"; sleep 0.2; }
HEAP_BEFORE="$(heap_mb)"

START="$(date +%s.%N)"
curl -s -D "$WORK/upload.headers" -o "$WORK/upload.json" -w "%{http_code}" -H 'Prefer: respond-async' \
    -F name=large-upload -F "file=@$WORK/upload.zip;type=application/zip" --max-time 600 "$BASE/datasets" \
    >"$WORK/upload.code" &
CURL=$!
while kill -0 $CURL 2>/dev/null; do sample; done
wait $CURL
ACCEPTED="$(date +%s.%N)"
CODE="$(cat "$WORK/upload.code")"
[ "$CODE" = 202 ] || { echo "upload answered $CODE: $(cat "$WORK/upload.json")" >&2; exit 1; }
JOB="$(jq -r .jobId "$WORK/upload.json")"
STATUS=QUEUED
for _ in $(seq 9000); do   # at most ~30 min
    STATUS="$(curl -s "$BASE/jobs/$JOB" | jq -r .status)"
    case "$STATUS" in SUCCEEDED|FAILED|CANCELLED) break ;; esac
    sample
done
DONE="$(date +%s.%N)"
curl -s "$BASE/jobs/$JOB" >"$WORK/job.json"
DATASET="$(jq -r .resultId "$WORK/job.json")"

AGAIN_START="$(date +%s.%N)"
AGAIN_CODE="$(curl -s -o /dev/null -w "%{http_code}" -F name=again -F "file=@$WORK/upload.zip;type=application/zip" \
    --max-time 600 "$BASE/datasets")"
AGAIN_END="$(date +%s.%N)"

jq -n --arg zip_mb "$SIZE_MB" --arg images "$IMAGES" --arg accepted "$(echo "$ACCEPTED - $START" | bc)" \
    --arg job_s "$(echo "$DONE - $ACCEPTED" | bc)" --arg status "$STATUS" --arg heap0 "$HEAP_BEFORE" \
    --arg peak "$PEAK" --arg dataset "$DATASET" --argjson progress "$(jq .progress "$WORK/job.json")" \
    --arg again "$AGAIN_CODE" --arg again_s "$(echo "$AGAIN_END - $AGAIN_START" | bc)" --arg cores "$(nproc)" '{
    zip_mb: ($zip_mb | tonumber), images: ($images | tonumber), cores: ($cores | tonumber),
    upload_request_seconds: ($accepted | tonumber), ingest_job_seconds: ($job_s | tonumber), job_status: $status,
    progress: $progress, dataset: $dataset, heap_before_mb: ($heap0 | tonumber), peak_heap_mb: ($peak | tonumber),
    reupload: {status: ($again | tonumber), seconds: ($again_s | tonumber)}}'
