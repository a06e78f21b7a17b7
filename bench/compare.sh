#!/usr/bin/env bash
# Side-by-side benchmark: our DJL implementation vs the PyTorch reference, same arguments.
#   bash bench/compare.sh [bench.py arguments…]
# e.g. bash bench/compare.sh --dataset fashion-mnist --split 0.5,0,0.5 --shots 5 --method ho --iters 60
# Prints our JSON line, the reference's JSON line, a line comparing accuracy and peak RSS, and last
#   ratio outer_step_ms=<ours/ref>   (ho, fo)   |   ratio pt_batch_ms=…   (pt)   |   ratio embed_ms=…   (diversity)
# Environment: REF_BENCH (reference bench.py), PYTHON (default /usr/bin/python3), JAVA_OPTS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
REF_BENCH="${REF_BENCH:-$ROOT/../shared/bench/ref/bench.py}"
PYTHON="${PYTHON:-/usr/bin/python3}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g -XX:+UseSerialGC}"
# Both sides use libtorch's OpenMP pool. With the default (active, spinning) wait policy a CPU shared with other
# processes makes every parallel region wait for descheduled spinners: measured 6 s instead of 0.5 s per FO-MAML
# step on 2 busy cores. Passive waiting, for both sides alike, keeps the comparison about the code.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# build once: classes when a source is newer than the Bench class, the dependency classpath when missing (online:
# after ./mvnw verify on a fresh clone the dependency plugin is not in the local repository yet)
BENCH_CLASS=target/classes/io/metadiv/bench/Bench.class
if [[ ! -f "$BENCH_CLASS" ]] || [[ -n "$(find src/main -newer "$BENCH_CLASS" -type f -print -quit)" ]]; then
  ./mvnw -q -B compile >&2
fi
if [[ ! -s target/cp.txt ]] || [[ pom.xml -nt target/cp.txt ]]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2
fi

echo "compare: load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores, OMP_WAIT_POLICY=$OMP_WAIT_POLICY; running ours" >&2
# shellcheck disable=SC2086
OURS="$(java $JAVA_OPTS -Dai.djl.offline=true -cp "target/classes:$(cat target/cp.txt)" io.metadiv.bench.Bench "$@" | tail -n 1)"
echo "$OURS"
echo "compare: load $(cut -d' ' -f1-3 /proc/loadavg); running the reference $REF_BENCH" >&2
REF="$("$PYTHON" "$REF_BENCH" "$@" | tail -n 1)"
echo "$REF"

"$PYTHON" - "$OURS" "$REF" <<'PY'
import json, sys
ours, ref = json.loads(sys.argv[1]), json.loads(sys.argv[2])
def pick(d):
    for key, name in (("outer_step", "outer_step_ms"), ("pt_batch", "pt_batch_ms"), ("embed_ms_median", "embed_ms")):
        if key in d:
            v = d[key]
            return name, (v.get("median_ms") if isinstance(v, dict) else v)
    return None, None
if "acc_mean" in ours and "acc_mean" in ref:
    print("accuracy ours=%.4f±%.4f ref=%.4f±%.4f" % (ours["acc_mean"], ours["acc_ci95"], ref["acc_mean"], ref["acc_ci95"]))
print("peak_rss_mb ours=%.0f ref=%.0f delta=%+.0f" % (ours["peak_rss_mb"], ref["peak_rss_mb"],
                                                    ours["peak_rss_mb"] - ref["peak_rss_mb"]))
name, o = pick(ours)
_, r = pick(ref)
print("ratio %s=%s" % (name, "%.3f" % (o / r) if o and r else "n/a"))
PY
