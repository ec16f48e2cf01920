#!/bin/bash
# A dataset in N shards on a Slurm cluster: an array job generates the shards, then a job that
# starts only when every task succeeded merges them into OUT.h5.
#   examples/hpc/generate_and_merge.sh CONFIG.yaml OUT.h5 N [--virtual]
# --virtual makes OUT.h5 a set of HDF5 virtual datasets over the shards (instant, no second copy;
# keep the shards beside it); the default copies the samples into a self-contained file.
set -euo pipefail
config=${1:?usage: generate_and_merge.sh CONFIG.yaml OUT.h5 N [--virtual]}
out=${2:?usage: generate_and_merge.sh CONFIG.yaml OUT.h5 N [--virtual]}
n=${3:?usage: generate_and_merge.sh CONFIG.yaml OUT.h5 N [--virtual]}
mode=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array=0-$((n - 1)) "$here/generate_array.sbatch" "$config" "$out")
shards=()
for ((i = 0; i < n; i++)); do shards+=("${out%.*}.shard-$i-of-$n.${out##*.}"); done
sbatch --parsable --dependency=afterok:"$array" --job-name=simforge-merge --time=01:00:00 \
  --output=simforge-merge-%j.log --wrap "simforge merge ${shards[*]} -o $out $mode"
echo "submitted array job $array ($n shards of $config) and a merge into $out after it"
