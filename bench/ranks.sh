#!/usr/bin/env bash
# One process against `mpirun -n 2` on the same cores, generation and training in one run: the
# process gets every core as OpenMP threads, each rank half of them. Prints the median of 3 wall
# times of a generation (sample-steps/s, the merge into one file included) and the median of 3
# training epochs' samples/s (the rate the metrics log records, start-up excluded), and both ratios.
#   bench/ranks.sh [BUILD_DIR]    (default build/cpu; needs mpirun)
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
exe="$(realpath "${1:-build/cpu}")/apps/simforge"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cores=$(nproc)
half=$(( cores > 1 ? cores / 2 : 1 ))
root=(); [ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
export OMP_WAIT_POLICY=PASSIVE  # the writer and loader threads share the cores with the compute threads
one=(env OMP_NUM_THREADS="$cores" "$exe")
two=(mpirun "${root[@]}" --oversubscribe -n 2 -x OMP_NUM_THREADS="$half" -x OMP_WAIT_POLICY "$exe")

# Generation: Navier–Stokes 64², 32 samples x 2000 CN–Heun steps (mpirun's start-up, ~0.3 s, included).
cat > gen.yaml <<'YAML'
name: ns64
seed: 1
samples: 32
batch: 8
pde: {type: navier_stokes_2d, viscosity: 1.0e-3, forcing: fno, forcing_amplitude: 0.1}
grid: {n: 64}
time: {dt: 1.0e-3, t_end: 2.0, save_interval: 0.1, stepper: cn_heun}
output: {path: gen.h5}
YAML
sample_steps=$((32 * 2000))
# Training: the U-Net of examples/unet_ns2d32_train.yaml (global batch 16) on 48 trajectories of
# the 32² example data (38 for training: 45 steps per epoch), 3 epochs.
"${one[@]}" generate "$src/examples/ns2d32_train_data.yaml" --samples 48 --batch 16 -o ns2d32.h5 >/dev/null 2>&1
sed 's|epochs: 6|epochs: 3|' "$src/examples/unet_ns2d32_train.yaml" > train.yaml

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
seconds() { local t0; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}'; }
epoch_rates() { grep -o '"samples_per_second": [0-9.e+-]*' "$1" | awk '{print $2}'; }
loader_wait() { grep -o '"loader_wait_seconds": [0-9.e+-]*' "$1" | tail -1 | awk '{print $2}'; }  # the run's, mean over ranks

declare -A gen_s train_rate wait
for who in one two; do
  declare -n run=$who
  gen_s[$who]=$(for _ in 1 2 3; do seconds "${run[@]}" generate gen.yaml --overwrite; done | median)
  "${run[@]}" train train.yaml -o model.h5 --overwrite >/dev/null 2>&1
  train_rate[$who]=$(epoch_rates model.h5.metrics.jsonl | median)
  wait[$who]=$(loader_wait model.h5.metrics.jsonl)
  unset -n run
done

awk -v cores="$cores" -v half="$half" -v steps="$sample_steps" -v g1="${gen_s[one]}" -v g2="${gen_s[two]}" \
    -v t1="${train_rate[one]}" -v t2="${train_rate[two]}" -v w1="${wait[one]}" -v w2="${wait[two]}" 'BEGIN {
  printf "cores: %d (one process: %d threads; mpirun -n 2: %d threads per rank)\n", cores, cores, half
  printf "generate NS 64^2, 32 x 2000 steps: 1 process %.2f s (%.0f sample-steps/s), 2 ranks %.2f s (%.0f sample-steps/s): %.2fx\n", g1, steps / g1, g2, steps / g2, g1 / g2
  printf "train U-Net 32^2, global batch 16, median of 3 epochs: 1 process %.1f samples/s, 2 ranks %.1f samples/s: %.2fx\n", t1, t2, t2 / t1
  printf "training waited for its loader: 1 process %.3f s, 2 ranks %.3f s (mean over the ranks), of 3 epochs\n", w1, w2
}'
