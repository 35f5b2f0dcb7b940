#!/usr/bin/env bash
# Trains and ships all four keypoint models, two at a time (one CPU thread each):
#   bash models/train/trainAll.sh [--steps N]      (default: each model's shipped schedule)
# lifter → rootbins and ranking → dpnet (DPNet's report uses the ranking net's weights).
# Logs go to <data>/<model>.log, figures to <data>/<model>-metrics.json and
# models/measured/training/<model>.json (with the validation curve).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${POSESCOPE_MOCAP:-/tmp/posescope-mocap}
[ -f "$data/index.json" ] || npx tsx models/train/exportMocap.ts --data ../shared/data/cmu-mocap --out "$data"
py=/usr/bin/python3
# Debian's python3-torch multiplies through whatever libblas.so.3 points at; the reference BLAS
# it falls back to is ~30x slower than OpenBLAS at these layer sizes (apt-get install -y
# libopenblas0-pthread). One BLAS thread per training: two run at once.
if ! readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 | grep -q openblas; then
  echo "trainAll: libblas.so.3 is not OpenBLAS; training will be ~10x slower (apt-get install -y libopenblas0-pthread)" >&2
fi
export OPENBLAS_NUM_THREADS=1
train() { "$py" models/train/train.py "$1" --data "$data" "${@:2}" > "$data/$1.log" 2>&1; }
rm -f "$data/ranking.pt"
( train lifter "$@" && train rootbins "$@" ) &
a=$!
( train ranking "$@" && train dpnet "$@" ) &
b=$!
wait $a && wait $b
"$py" models/train/report.py --data "$data"
npx prettier --write "models/kp-*.json" "models/measured/training/*.json" > /dev/null
