"""Shared helpers of the PyClaw peers (euler_quadrant.py, dam_break.py): a quiet PyClaw import,
a classic 2-D solver set up the same way for both, the timed run, and the raw float32 field I/O
that the comparison with Simforge uses ([n, n], y the slow axis, x the fast axis, cell-centred)."""

import logging
import os
import shutil
import sys
import tempfile
import time

import numpy as np


def import_pyclaw():
    """Imports clawpack.pyclaw without leaving a pyclaw.log in the working directory (its logging
    config opens one on import) and without its INFO lines on stdout."""
    cwd, tmp = os.getcwd(), tempfile.mkdtemp(prefix="pyclaw-import-")
    try:
        os.chdir(tmp)
        from clawpack import pyclaw
    finally:
        os.chdir(cwd)
    loggers = [logging.getLogger()] + [l for l in logging.root.manager.loggerDict.values()
                                        if isinstance(l, logging.Logger)]
    for lg in loggers:
        for k, h in enumerate(lg.handlers):
            if isinstance(h, logging.FileHandler):
                h.close()
                lg.handlers[k] = logging.NullHandler()  # same slot: Controller.verbosity indexes handlers[1]
            elif isinstance(h, logging.StreamHandler):
                h.setLevel(logging.WARNING)
    shutil.rmtree(tmp, ignore_errors=True)
    return pyclaw


def classic_solver_2d(pyclaw, riemann_solver, cfl):
    """Unsplit second-order Clawpack (wave propagation, MC limiter, transverse increment and
    correction waves) with extrapolation (outflow) on every face."""
    solver = pyclaw.ClawSolver2D(riemann_solver)
    solver.kernel_language = "Fortran"
    solver.order = 2
    solver.dimensional_split = False
    solver.transverse_waves = 2  # ClawSolver2D.trans_cor
    solver.limiters = pyclaw.limiters.tvd.MC
    solver.cfl_desired = cfl
    solver.cfl_max = cfl + 0.1
    solver.all_bcs = pyclaw.BC.extrap
    solver.max_steps = 10**8
    return solver


def run_timed(pyclaw, solver, solution, t_end, dt_initial):
    """Runs a Controller with one output time (t_end), no output files and no kept frames.
    Only claw.run() is timed: the solver is set up (work arrays, Riemann-solver common block)
    before the clock starts. dt_initial should give cfl_desired on the initial data, so that the
    first step is not rejected. Returns (accepted steps, rejected steps, seconds)."""
    claw = pyclaw.Controller()
    claw.solution = solution
    claw.solver = solver
    claw.tfinal = t_end
    claw.num_output_times = 1
    claw.output_format = None
    claw.keep_copy = False
    claw.verbosity = 0
    solver.dt_initial = dt_initial
    solver.setup(solution)
    solver.dt = solver.dt_initial
    attempts = [0]

    def count_attempt(_solver, _state):
        attempts[0] += 1

    solver.before_step = count_attempt
    start = time.perf_counter()
    status = claw.run()
    seconds = time.perf_counter() - start
    steps = int(status["numsteps"])
    if abs(solution.t - t_end) > 1e-12 * max(1.0, t_end):
        sys.exit(f"pyclaw stopped at t={solution.t}, not t_end={t_end}")
    return steps, attempts[0] - steps, seconds


def report(name, n, steps, rejected, seconds):
    print(f"pyclaw {name} n={n}: {n * n * steps / seconds:.4g} cell-updates/s ({steps} steps, {seconds:.3f} s)")
    if rejected:
        print(f"note: {rejected} step(s) rejected for CFL > cfl_max and retaken (their time is in the total)",
              file=sys.stderr)


def as_raw(field_xy):
    """PyClaw's q[field, x, y] slice -> [y, x] (y slow, x fast), float32."""
    return np.ascontiguousarray(np.asarray(field_xy).T, dtype="<f4")


def save_raw(path, field_xy):
    as_raw(field_xy).tofile(path)


def relative_l1(path, field_xy, n):
    ours = np.fromfile(path, dtype="<f4")
    if ours.size != n * n:
        sys.exit(f"{path}: {ours.size} float32 values, expected n*n = {n * n}")
    ours = ours.reshape(n, n).astype(np.float64)
    ref = np.asarray(field_xy, dtype=np.float64).T
    return float(np.abs(ours - ref).sum() / np.abs(ref).sum())
