#!/usr/bin/env bash
# Load figures of the packaged service on loopback (README: Load figures). Starts target/metadiv-*.jar with a fresh
# data dir, seeds 100,000 result rows in SQL (io.metadiv.bench.ResultsSeed), then measures:
#   results query at 200 req/s offered (hey -z 20s -q 20 -c 10): p50/p99 ms, throughput;
#   saturation (wrk -t2 -c20 -d15s): req/s, p99;
#   a 50 MB ZIP upload: seconds, peak heap (jcmd GC.heap_info sampled every 0.2 s);
#   20 SSE clients on the events of running training jobs: how many held to the job's final status.
# Prints one JSON object. Every target is 127.0.0.1; every loop is bounded. Usage: bench/load/run.sh [HTTP_PORT]
# RESULTS_CACHE_TTL=0s measures the results query without the page cache (every request reads PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/../.."

HTTP_PORT="${1:-18080}"
SSE_SECONDS="${SSE_SECONDS:-240}"   # how long an SSE client waits for its job's final status
PG_PORT=$((HTTP_PORT + 37000))
BASE="http://127.0.0.1:$HTTP_PORT/api/v1"
for tool in hey wrk; do
    command -v "$tool" >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$tool" >&2; }
done
ls target/metadiv-*.jar >/dev/null 2>&1 || ./mvnw -B -q -o package -DskipTests
JAR="$(ls target/metadiv-*.jar | head -n 1)"

WORK="$(mktemp -d /tmp/metadiv-load.XXXXXX)"
METADIV_EMBEDDED_POSTGRES_DATA_DIR="$WORK/postgres" METADIV_EMBEDDED_POSTGRES_PORT="$PG_PORT" PORT="$HTTP_PORT" \
    METADIV_BLOB_STORE_DIR="$WORK/blobs" METADIV_WORKER_SLOTS=2 METADIV_TORCH_THREADS=1 \
    METADIV_RESULTS_CACHE_TTL="${RESULTS_CACHE_TTL:-2s}" METADIV_CONCURRENT_JOBS_PER_KEY=100000 \
    java -Xmx1g -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'status=$?; kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true; rm -rf "$WORK"; exit $status' EXIT
for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null && break
    kill -0 $SERVICE 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
    sleep 1
done

SEED="$(java -cp "$JAR" -Dloader.main=io.metadiv.bench.ResultsSeed \
    org.springframework.boot.loader.launch.PropertiesLauncher "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres")"
echo "seeded: $SEED" >&2

# hey's summary: "Requests/sec:", and "NN% in S secs" lines of its latency distribution.
hey_figure() { awk -v key="$2" '$1 == key && $2 == "in" { printf "%.2f", $3 * 1000 }' "$1"; }
RESULTS="$BASE/results"
curl -sf "$RESULTS" >/dev/null
hey -z 20s -q 20 -c 10 "$RESULTS" >"$WORK/hey.txt"
HEY_RPS="$(awk '/Requests\/sec:/ { print $2 }' "$WORK/hey.txt")"
HEY_P50="$(hey_figure "$WORK/hey.txt" 50%)"
HEY_P99="$(hey_figure "$WORK/hey.txt" 99%)"
HEY_OK="$(awk '/\[200\]/ { print $2 }' "$WORK/hey.txt")"
echo "results at 200 req/s: $HEY_RPS req/s, p50 $HEY_P50 ms, p99 $HEY_P99 ms, $HEY_OK ok" >&2

wrk -t2 -c20 -d15s --latency "$RESULTS" >"$WORK/wrk.txt"
WRK_RPS="$(awk '/Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")"
ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }'; }
WRK_P50="$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt" | ms)"
WRK_P99="$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt" | ms)"
echo "results saturated: $WRK_RPS req/s, p50 $WRK_P50 ms, p99 $WRK_P99 ms" >&2

# 50 MB upload with the heap sampled while it runs.
IMAGES="$(python3 bench/load/make_zip.py "$WORK/upload.zip" 50)"
ZIP_MB="$(du -m "$WORK/upload.zip" | cut -f1)"
heap_mb() { jcmd "$SERVICE" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit } }'; }
HEAP_BEFORE="$(heap_mb)"
START=$(date +%s.%N)
curl -s -o "$WORK/upload.json" -w "%{http_code}" -F name=load-upload -F "file=@$WORK/upload.zip;type=application/zip" \
    --max-time 300 "$BASE/datasets" >"$WORK/upload.code" &
UPLOAD=$!
PEAK="$HEAP_BEFORE"
for _ in $(seq 1500); do
    kill -0 $UPLOAD 2>/dev/null || break
    h="$(heap_mb)"; [ -n "$h" ] && [ "$h" -gt "$PEAK" ] && PEAK="$h"
    sleep 0.2
done
wait $UPLOAD || true
UPLOAD_SECONDS="$(echo "$(date +%s.%N) - $START" | bc)"
UPLOAD_CODE="$(cat "$WORK/upload.code")"
DATASET="$(jq -r .id "$WORK/upload.json")"
echo "upload: $ZIP_MB MB, $IMAGES images, HTTP $UPLOAD_CODE in $UPLOAD_SECONDS s, heap $HEAP_BEFORE -> peak $PEAK MB" >&2

# 20 SSE clients, 10 on each of two small training runs' jobs; held = the stream carried the final status.
# (The seed's 1,000 RUNNING jobs of no key would hold the open-access caller at its job limit: raised above.)
echo "SSE: 20 clients on 2 training jobs, up to $SSE_SECONDS s" >&2
EXPERIMENT="$(curl -sf -H 'Content-Type: application/json' "$BASE/experiments" -d "{\"datasetId\": \"$DATASET\",
    \"method\": \"FO_MAML\", \"arch\": \"CONV4\", \"hidden\": 8, \"ways\": 2, \"shots\": 1, \"queries\": 3,
    \"iterations\": 60, \"metaBatch\": 2, \"evalEpisodes\": 8, \"split\": [0.5, 0, 0.5], \"seeds\": [1, 2]}")"
mapfile -t JOBS < <(echo "$EXPERIMENT" | jq -r '.jobs[].id')
for i in $(seq 0 19); do
    curl -sN --max-time "$SSE_SECONDS" "$BASE/jobs/${JOBS[$((i % ${#JOBS[@]}))]}/events" >"$WORK/sse.$i" 2>/dev/null &
done
wait_sse=$(date +%s)
while [ "$(jobs -rp | grep -vc "^$SERVICE\$")" -gt 0 ] && [ $(( $(date +%s) - wait_sse )) -lt $((SSE_SECONDS + 10)) ]; do sleep 1; done
HELD=0
for i in $(seq 0 19); do grep -qE 'SUCCEEDED|FAILED|CANCELLED' "$WORK/sse.$i" && HELD=$((HELD + 1)); done
FINAL="$(for j in "${JOBS[@]}"; do curl -sf "$BASE/jobs/$j" | jq -r .status; done | sort | uniq -c | xargs)"

jq -n --argjson seed "$SEED" --arg hey_rps "$HEY_RPS" --arg hey_p50 "$HEY_P50" --arg hey_p99 "$HEY_P99" \
    --arg hey_ok "$HEY_OK" --arg wrk_rps "$WRK_RPS" --arg wrk_p50 "$WRK_P50" --arg wrk_p99 "$WRK_P99" \
    --arg zip_mb "$ZIP_MB" --arg images "$IMAGES" --arg up_s "$UPLOAD_SECONDS" --arg up_code "$UPLOAD_CODE" \
    --arg heap0 "$HEAP_BEFORE" --arg peak "$PEAK" --arg held "$HELD" --arg final "$FINAL" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --arg cores "$(nproc)" --arg ttl "${RESULTS_CACHE_TTL:-2s}" '{
    machine: {cores: ($cores | tonumber), loadavg: $load}, results_cache_ttl: $ttl,
    seed: $seed,
    results_200rps: {offered_rps: 200, rps: ($hey_rps | tonumber), p50_ms: ($hey_p50 | tonumber),
                     p99_ms: ($hey_p99 | tonumber), ok: ($hey_ok | tonumber? // 0)},
    results_saturation: {rps: ($wrk_rps | tonumber), p50_ms: ($wrk_p50 | tonumber), p99_ms: ($wrk_p99 | tonumber)},
    upload: {zip_mb: ($zip_mb | tonumber), images: ($images | tonumber), status: ($up_code | tonumber),
             seconds: ($up_s | tonumber), heap_before_mb: ($heap0 | tonumber), peak_heap_mb: ($peak | tonumber)},
    sse: {clients: 20, held_to_final_status: ($held | tonumber), jobs_final: $final}}'
