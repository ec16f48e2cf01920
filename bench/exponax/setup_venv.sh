#!/usr/bin/env bash
# Installs the Exponax peer (JAX on CPU) into a virtual environment: build/exponax-venv.
# Usage: bench/exponax/setup_venv.sh   (then bench/exponax/compare.py, see its --help)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=build/exponax-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q "exponax==0.2.0" "jax[cpu]" numpy
"$venv/bin/python" -c "import exponax, jax; print('exponax', exponax.__version__ if hasattr(exponax, '__version__') else '0.2.0', 'jax', jax.__version__, jax.devices())"
