"""PyClaw peer of Simforge's bench_euler: 2-D compressible Euler (gamma = 1.4), Lax & Liu's
four-quadrant Riemann problem, configuration 3, on [0, 1]^2 split at (0.8, 0.8):

    NE (x > 0.8, y > 0.8): rho 1.5,    u 0,     v 0,     p 1.5
    NW (x < 0.8, y > 0.8): rho 0.5323, u 1.206, v 0,     p 0.3
    SW (x < 0.8, y < 0.8): rho 0.138,  u 1.206, v 1.206, p 0.029
    SE (x > 0.8, y < 0.8): rho 0.5323, u 0,     v 1.206, p 0.3

with outflow (extrapolation) on every face, to --t-end 0.8 on an --n x --n cell grid, by PyClaw's
classic solver: unsplit second-order wave propagation (Roe solver riemann.euler_4wave_2D, MC
limiter, transverse increment and correction waves), variable dt at --cfl (cfl_max = cfl + 0.1).
Only claw.run() is timed; setup is not, and no output is written.

Prints one line
    pyclaw euler_quadrant n=<n>: <X> cell-updates/s (<steps> steps, <seconds> s)
with X = n*n*steps/seconds (accepted steps). With --ours FILE (raw little-endian float32 density
at t_end, [n, n] row-major, y the slow axis, x the fast one, cell (j, i) centred at
((i+0.5)/n, (j+0.5)/n)) a second line
    agreement: relative L1 difference of density <value>
(sum|ours - pyclaw| / sum|pyclaw|). --save FILE writes PyClaw's density in that layout;
--check prints sanity numbers (density range, max |rho - rho^T|) on stderr.

Setup: bench/pyclaw/setup_venv.sh; run: build/pyclaw-venv/bin/python bench/pyclaw/euler_quadrant.py
"""

import argparse
import sys

import numpy as np

import _common

GAMMA = 1.4
SPLIT = 0.8
# (rho, u, v, p) per quadrant
NE, NW, SW, SE = (1.5, 0.0, 0.0, 1.5), (0.5323, 1.206, 0.0, 0.3), (0.138, 1.206, 1.206, 0.029), \
                 (0.5323, 0.0, 1.206, 0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=256, help="cells per axis (default 256)")
    ap.add_argument("--t-end", type=float, default=0.8, help="end time (default 0.8)")
    ap.add_argument("--cfl", type=float, default=0.4, help="PyClaw cfl_desired (default 0.4)")
    ap.add_argument("--ours", metavar="FILE", help="Simforge's density at t_end, raw float32 [n, n], y slow")
    ap.add_argument("--save", metavar="FILE", help="write PyClaw's density at t_end in the same raw layout")
    ap.add_argument("--check", action="store_true", help="print sanity numbers on stderr")
    a = ap.parse_args()
    n = a.n

    pyclaw = _common.import_pyclaw()
    from clawpack import riemann
    from clawpack.riemann.euler_4wave_2D_constants import density, x_momentum, y_momentum, energy, num_eqn

    solver = _common.classic_solver_2d(pyclaw, riemann.euler_4wave_2D, a.cfl)
    domain = pyclaw.Domain([0.0, 0.0], [1.0, 1.0], [n, n])
    solution = pyclaw.Solution(num_eqn, domain)
    solution.problem_data["gamma"] = GAMMA

    x, y = domain.grid.p_centers  # [x, y] arrays
    right, top = x > SPLIT, y > SPLIT
    state = np.select([right & top, ~right & top, ~right & ~top],
                      [np.array(NE)[:, None, None], np.array(NW)[:, None, None], np.array(SW)[:, None, None]],
                      np.array(SE)[:, None, None])
    rho, u, v, p = state
    q = solution.q
    q[density] = rho
    q[x_momentum] = rho * u
    q[y_momentum] = rho * v
    q[energy] = 0.5 * rho * (u * u + v * v) + p / (GAMMA - 1.0)

    c = np.sqrt(GAMMA * p / rho)
    smax = max((np.abs(u) + c).max(), (np.abs(v) + c).max())
    dx = 1.0 / n
    steps, rejected, seconds = _common.run_timed(pyclaw, solver, solution, a.t_end, a.cfl * dx / smax)
    _common.report("euler_quadrant", n, steps, rejected, seconds)

    rho_end = solution.q[density]
    if a.ours:
        print(f"agreement: relative L1 difference of density {_common.relative_l1(a.ours, rho_end, n):.6g}")
    if a.save:
        _common.save_raw(a.save, rho_end)
    if a.check:
        print(f"check: density min {rho_end.min():.6g} max {rho_end.max():.6g}, "
              f"max |rho - rho^T| {np.abs(rho_end - rho_end.T).max():.3g}, "
              f"mass {rho_end.sum() * dx * dx:.6g} (initial {rho.sum() * dx * dx:.6g})", file=sys.stderr)


if __name__ == "__main__":
    main()
