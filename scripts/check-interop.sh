#!/usr/bin/env bash
# Exports small datasets and opens them in the tools users already have: The Well's format rules
# and its own loader (the-well 1.2.0 from PyPI, in a virtual environment), PDEBench's readers, and
# ParaView (pvpython under Xvfb). Usage: scripts/check-interop.sh [build dir, default build/cpu]
# Needs: python3-h5py python3-yaml python3-torch (scripts/setup.sh), paraview python3-paraview xvfb
# (CI's tools, .ci/run), and PyPI for the-well, einops and fsspec.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
simforge="$(realpath "${1:-$root/build/cpu}")/apps/simforge"
py=/usr/bin/python3   # Debian's python, with h5py, yaml and torch
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
checks="$root/tests/interop"

echo "-- The Well: export, format rules, the_well.WellDataset with normalization"
"$simforge" generate "$root/examples/ns2d_quick.yaml" --samples 10 -o ns.h5 2>/dev/null
mkdir well && "$simforge" export well ns.h5 -o well --train 0.6 --valid 0.2 2>/dev/null
$py "$checks/check_well_format.py" well/ns2d_quick
# The rules must be able to fail: a file with The Well's old time flag is rejected.
cp -r well/ns2d_quick broken
$py -c "import h5py; h5py.File('broken/data/train/ns2d_quick.hdf5', 'r+')['dimensions/time'].attrs['time_varying'] = False"
if $py "$checks/check_well_format.py" broken 2>/dev/null; then echo "the format rules accepted a wrong file"; exit 1; fi
$py -m venv --system-site-packages venv
venv/bin/pip install -q --no-deps the-well==1.2.0 einops fsspec
venv/bin/python "$checks/well_loader_check.py" well/ns2d_quick
# A dataset with a vector field (t1_fields: velocity): its components become The Well's channels.
"$simforge" generate "$root/examples/cfd2d_train_data.yaml" --samples 4 --batch 4 -o cfd.h5 2>/dev/null
mkdir wellcfd && "$simforge" export well cfd.h5 -o wellcfd --train 0.5 --valid 0.25 2>/dev/null
$py "$checks/check_well_format.py" wellcfd/cfd2d64
venv/bin/python "$checks/well_loader_check.py" wellcfd/cfd2d64

echo "-- PDEBench: the tensor, per-sample group, CFD and Darcy layouts, read as PDEBench reads them"
"$simforge" generate "$root/examples/pdebench_advection_1d.yaml" --samples 4 -o adv.h5 2>/dev/null
"$simforge" export pdebench adv.h5 -o 1D_Advection_Sols_beta0.4.hdf5
$py "$checks/pdebench_reader_check.py" adv.h5 1D_Advection_Sols_beta0.4.hdf5
"$simforge" export pdebench ns.h5 -o ns2d_groups.h5
$py "$checks/pdebench_reader_check.py" ns.h5 ns2d_groups.h5
"$simforge" export pdebench cfd.h5 -o 2D_CFD_Rand_M0.1_Eta0.01_Zeta0.01_periodic_64_Train.hdf5
$py "$checks/pdebench_reader_check.py" cfd.h5 2D_CFD_Rand_M0.1_Eta0.01_Zeta0.01_periodic_64_Train.hdf5
"$simforge" generate "$root/examples/pdebench_darcy_2d.yaml" --samples 4 -o darcy.h5 2>/dev/null
"$simforge" export pdebench darcy.h5 -o 2D_DarcyFlow_beta1.0_Train.hdf5
$py "$checks/pdebench_reader_check.py" darcy.h5 2D_DarcyFlow_beta1.0_Train.hdf5

echo "-- ParaView: the XDMF sidecar opened by pvpython, a frame checked against h5py, a PNG rendered"
"$simforge" export xdmf ns.h5 --samples 2
xvfb-run -a pvpython "$checks/paraview_check.py" ns.h5 ns.h5.xmf paraview.png 2>&1 | grep -v "^$"
test -s paraview.png
