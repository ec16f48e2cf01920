"""The peer of bench_diffusion_reaction: PDEBench's way of making its 2D diffusion–reaction data
(pdebench/data_gen/src/sim_diff_react.py), written here: the same cell-centred Laplacian with
no-flux walls as a sparse matrix, FitzHugh–Nagumo's reaction, N(0, 1) initial noise, and scipy's
solve_ivp (its default RK45, default tolerances) with the saved times as t_eval. Samples run in
`--processes` worker processes. Prints: scipy fitzhugh_nagumo n=<n>: <samples/s> samples/s"""
import argparse
import time
from multiprocessing import Pool

import numpy as np
from scipy.integrate import solve_ivp
from scipy.sparse import diags, identity, kron

p = argparse.ArgumentParser()
p.add_argument("--n", type=int, default=128)
p.add_argument("--t-end", type=float, default=1.0)
p.add_argument("--frames", type=int, default=21)
p.add_argument("--samples", type=int, default=2)
p.add_argument("--processes", type=int, default=2)
a = p.parse_args()
Du, Dv, k = 1e-3, 5e-3, 5e-3
dx = 2.0 / a.n


def laplacian_1d(n):
    # second differences with zero-gradient ghosts at both ends
    d = -2.0 * np.ones(n)
    d[0] = d[-1] = -1.0
    return diags([d, np.ones(n - 1), np.ones(n - 1)], [0, -1, 1]) / dx**2


L1 = laplacian_1d(a.n)
I = identity(a.n)
lap = (kron(I, L1) + kron(L1, I)).tocsr()


def rhs(_, y):
    u, v = y[: a.n * a.n], y[a.n * a.n :]
    return np.concatenate((Du * (lap @ u) + u - u**3 - k - v, Dv * (lap @ v) + u - v))


def sample(seed):
    rng = np.random.default_rng(seed)
    y0 = rng.standard_normal(2 * a.n * a.n)
    sol = solve_ivp(rhs, (0, a.t_end), y0, t_eval=np.linspace(0, a.t_end, a.frames))
    assert sol.success, sol.message
    return sol.y.shape


start = time.perf_counter()
with Pool(a.processes) as pool:
    pool.map(sample, range(a.samples))
seconds = time.perf_counter() - start
print(f"scipy fitzhugh_nagumo n={a.n}: {a.samples / seconds:.4g} samples/s ({a.processes} processes, t_end {a.t_end})")
