"""PyClaw peer of Simforge's bench_shallow_water: 2-D shallow water, PDEBench's radial dam break.
On [-2.5, 2.5]^2 with gravity g = 1, water at rest of depth 2 inside radius --radius (0.5) around
the origin and depth 1 outside, with outflow (extrapolation) on every face, to --t-end 1.0 on an
--n x --n cell grid, by PyClaw's classic solver: unsplit second-order wave propagation (Roe solver
with entropy fix riemann.shallow_roe_with_efix_2D, MC limiter, transverse increment and
correction waves), variable dt at --cfl (cfl_max = cfl + 0.1). Only claw.run() is timed; setup
is not, and no output is written.

Prints one line
    pyclaw dam_break n=<n>: <X> cell-updates/s (<steps> steps, <seconds> s)
with X = n*n*steps/seconds (accepted steps). With --ours FILE (raw little-endian float32 depth at
t_end, [n, n] row-major, y the slow axis, x the fast one, cell (j, i) centred at
(-2.5 + (i+0.5)*5/n, -2.5 + (j+0.5)*5/n)) a second line
    agreement: relative L1 difference of depth <value>
(sum|ours - pyclaw| / sum|pyclaw|). --save FILE writes PyClaw's depth in that layout;
--check prints sanity numbers (depth range, symmetry under x -> -x and x <-> y, volume) on stderr.

Setup: bench/pyclaw/setup_venv.sh; run: build/pyclaw-venv/bin/python bench/pyclaw/dam_break.py
"""

import argparse
import sys

import numpy as np

import _common

GRAVITY = 1.0
H_IN, H_OUT = 2.0, 1.0
LO, HI = -2.5, 2.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=128, help="cells per axis (default 128)")
    ap.add_argument("--radius", type=float, default=0.5, help="dam radius (default 0.5)")
    ap.add_argument("--t-end", type=float, default=1.0, help="end time (default 1.0)")
    ap.add_argument("--cfl", type=float, default=0.4, help="PyClaw cfl_desired (default 0.4)")
    ap.add_argument("--ours", metavar="FILE", help="Simforge's depth at t_end, raw float32 [n, n], y slow")
    ap.add_argument("--save", metavar="FILE", help="write PyClaw's depth at t_end in the same raw layout")
    ap.add_argument("--check", action="store_true", help="print sanity numbers on stderr")
    a = ap.parse_args()
    n = a.n

    pyclaw = _common.import_pyclaw()
    from clawpack import riemann
    from clawpack.riemann.shallow_roe_with_efix_2D_constants import depth, x_momentum, y_momentum, num_eqn

    solver = _common.classic_solver_2d(pyclaw, riemann.shallow_roe_with_efix_2D, a.cfl)
    domain = pyclaw.Domain([LO, LO], [HI, HI], [n, n])
    solution = pyclaw.Solution(num_eqn, domain)
    solution.problem_data["grav"] = GRAVITY  # the solver's only parameter (common block cparam)

    x, y = domain.grid.p_centers  # [x, y] arrays
    h = np.where(x * x + y * y < a.radius * a.radius, H_IN, H_OUT)
    solution.q[depth] = h
    solution.q[x_momentum] = 0.0
    solution.q[y_momentum] = 0.0

    dx = (HI - LO) / n
    dt_initial = a.cfl * dx / np.sqrt(GRAVITY * h.max())  # at rest: the speed is sqrt(g h)
    steps, rejected, seconds = _common.run_timed(pyclaw, solver, solution, a.t_end, dt_initial)
    _common.report("dam_break", n, steps, rejected, seconds)

    h_end = solution.q[depth]
    if a.ours:
        print(f"agreement: relative L1 difference of depth {_common.relative_l1(a.ours, h_end, n):.6g}")
    if a.save:
        _common.save_raw(a.save, h_end)
    if a.check:
        v0, v1 = h.sum() * dx * dx, h_end.sum() * dx * dx
        print(f"check: depth min {h_end.min():.6g} max {h_end.max():.6g}, "
              f"max |h(x,y) - h(-x,y)| {np.abs(h_end - h_end[::-1, :]).max():.3g}, "
              f"max |h - h^T| {np.abs(h_end - h_end.T).max():.3g}, "
              f"volume {v1:.10g} (initial {v0:.10g}, relative change {(v1 - v0) / v0:.3g}), "
              f"max |h - 1| on the boundary cells {max(np.abs(h_end[[0, -1], :] - 1).max(), np.abs(h_end[:, [0, -1]] - 1).max()):.3g}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
