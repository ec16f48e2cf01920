#!/usr/bin/env bash
# Makes small outputs with the built CLI and executes the notebooks on them top to bottom (CI runs
# this). Usage: scripts/run-notebooks.sh [BUILD_DIR]   (default build/cpu)
#   data:      examples/notebooks.yaml through `simforge run` (generate -> train -> evaluate, seconds
#              on 2 cores), then one rollout with `simforge predict`; all in build/notebooks/
#   notebooks: executed copies, figures included, in build/notebooks/executed/
# The kernel is Debian's python3 (h5py, numpy, matplotlib, ipykernel, nbconvert from apt), named
# explicitly: another python3 (pyenv, conda) may come first on PATH without those packages.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
simforge="$repo/${1:-build/cpu}/apps/simforge"
python=/usr/bin/python3
out="$repo/build/notebooks"
if [ ! -x "$simforge" ]; then
  echo "run-notebooks: $simforge not found; build first (cmake --build --preset cpu)" >&2
  exit 2
fi

rm -rf "$out"
mkdir -p "$out/executed" "$out/kernels/python3"
echo "== run-notebooks: data (examples/notebooks.yaml)"
(
  cd "$out"
  "$simforge" run "$repo/examples/notebooks.yaml"
  # The last sample is always in the test split.
  "$simforge" predict notebooks_fno.model.h5 --sample 39 -o notebooks_fno.prediction.h5 >/dev/null
)

# JUPYTER_PATH comes before the user's and the system's kernel folders.
cat > "$out/kernels/python3/kernel.json" <<EOF
{"argv": ["$python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python 3 (Debian)", "language": "python"}
EOF
export JUPYTER_PATH="$out" PYDEVD_DISABLE_FILE_VALIDATION=1 PYTHONDONTWRITEBYTECODE=1
export SIMFORGE_DATASET="$out/notebooks_ns2d32.h5"
export SIMFORGE_METRICS="$out/notebooks_fno.model.h5.metrics.jsonl"
export SIMFORGE_EVAL="$out/notebooks_fno.eval.json"
export SIMFORGE_PREDICTION="$out/notebooks_fno.prediction.h5"

for notebook in notebooks/0*.ipynb; do
  echo "== run-notebooks: $notebook"
  "$python" -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=python3 \
    --ExecutePreprocessor.timeout=300 --output-dir "$out/executed" "$notebook"
done
echo "== run-notebooks: all notebooks ran; executed copies in ${out#$repo/}/executed"
