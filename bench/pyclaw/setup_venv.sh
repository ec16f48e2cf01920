#!/usr/bin/env bash
# Installs the PyClaw peer (Clawpack 5.14.0; its Fortran Riemann solvers are compiled from the
# sdist with gfortran through meson + f2py) into a virtual environment: build/pyclaw-venv.
# The venv is made from Debian's /usr/bin/python3 with --system-site-packages so that Debian's
# numpy (python3-numpy) is reused, and clawpack is built against that same numpy
# (--no-build-isolation), so no second numpy is fetched.
# Needs (Debian): gfortran, python3-dev, python3-venv, python3-numpy. First install: ~1-2 min of Fortran.
# Usage: bench/pyclaw/setup_venv.sh   (then bench/pyclaw/euler_quadrant.py / dam_break.py, see --help)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=build/pyclaw-venv
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv --system-site-packages "$venv"
export PATH="$PWD/$venv/bin:$PATH"   # meson-python looks for `meson` and `ninja` on PATH
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q "meson-python==0.22.1" "meson==1.12.1" "ninja==1.13.2"
"$venv/bin/pip" install -q --no-build-isolation "clawpack==5.14.0"
# (importing clawpack.pyclaw writes pyclaw.log into the working directory: check from a temporary one)
py="$PWD/$venv/bin/python"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && "$py" -c "
import clawpack, numpy
from clawpack import pyclaw, riemann
from clawpack.riemann import euler_4wave_2D, shallow_roe_with_efix_2D
print('clawpack', clawpack.__version__, 'numpy', numpy.__version__)")
