#!/usr/bin/env python3
"""Simforge vs Exponax (JAX), side by side on the same machine, from the same initial condition.

For each scenario both solvers take the same float32 initial state, advance the same number of
ETDRK4 steps of the same PDE, and the script prints sample-steps/s for both, the ratio, and the
maximum difference of the final states relative to the final state's maximum.

Usage: build/exponax-venv/bin/python bench/exponax/compare.py [--simforge build/cpu/bench/bench_spectral_run]
       [--quick] [--threads 2]
(run bench/exponax/setup_venv.sh first)."""
import argparse, os, subprocess, sys, tempfile, time

p = argparse.ArgumentParser()
p.add_argument("--simforge", default="build/cpu/bench/bench_spectral_run")
p.add_argument("--quick", action="store_true", help="fewer steps (a smoke run)")
p.add_argument("--threads", type=int, default=0, help="host threads for both (0: all)")
a = p.parse_args()
if a.threads:
    os.environ["OMP_NUM_THREADS"] = str(a.threads)
    os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads={a.threads}"

import numpy as np
import jax, jax.numpy as jnp
import exponax as ex

# name, Simforge pde, params, dim, n, length, batch, dt, steps, Exponax stepper factory
SCENARIOS = [
    ("Kuramoto–Sivashinsky 1D", "kuramoto_sivashinsky", {}, 1, 256, 60.0, 1024, 0.1, 200,
     lambda: ex.stepper.KuramotoSivashinskyConservative(1, 60.0, 256, 0.1, order=4)),
    ("Gray–Scott 2D", "gray_scott", {"feed": 0.04, "kill": 0.06, "diffusivity_u": 2e-5, "diffusivity_v": 1e-5}, 2, 128, 1.0,
     64, 1.0, 100,
     lambda: ex.stepper.reaction.GrayScott(2, 1.0, 128, 1.0, feed_rate=0.04, kill_rate=0.06, order=4,
                                            dealiasing_fraction=2 / 3)),
    ("Navier–Stokes 2D", "navier_stokes_2d", {"viscosity": 1e-3, "forcing_amplitude": 0.0}, 2, 256, 1.0, 8, 1e-3, 100,
     lambda: ex.stepper.NavierStokesVorticity(2, 1.0, 256, 1e-3, diffusivity=1e-3, order=4)),
]


def initial_state(name, dim, n, batch, rng):
    """Smooth random data: a few low Fourier modes per sample (Gray–Scott: seeds on u = 1, v = 0)."""
    x = np.arange(n) / n
    grids = np.meshgrid(*([x] * dim), indexing="ij")
    out = np.zeros((batch,) + ((2,) if name == "Gray–Scott 2D" else (1,)) + (n,) * dim, np.float32)
    for b in range(batch):
        f = np.zeros((n,) * dim)
        for _ in range(6):
            k = rng.integers(-4, 5, size=dim)
            f += rng.normal() * np.cos(2 * np.pi * sum(ki * g for ki, g in zip(k, grids)) + rng.uniform(0, 2 * np.pi))
        if name == "Gray–Scott 2D":
            blob = np.exp(-((grids[0] - 0.5) ** 2 + (grids[1] - 0.5) ** 2) / 0.005) * (1 + 0.1 * f)
            out[b, 0], out[b, 1] = 1 - 0.5 * blob, 0.25 * blob
        else:
            out[b, 0] = f
    return out


def run_exponax(factory, u0, steps):
    stepper = factory()
    advance = jax.jit(jax.vmap(lambda u: jax.lax.fori_loop(0, steps, lambda i, v: stepper(v), u)))
    u = jnp.asarray(u0)
    advance(u).block_until_ready()  # compile
    times = []
    for _ in range(1 if a.quick else 3):
        t = time.perf_counter()
        out = advance(u).block_until_ready()
        times.append(time.perf_counter() - t)
    return np.asarray(out), float(np.median(times))


def run_simforge(pde, params, dim, n, length, batch, dt, steps, u0, tmp):
    ic, out = os.path.join(tmp, "ic.f32"), os.path.join(tmp, "out.f32")
    u0.tofile(ic)
    args = [a.simforge, "--pde", pde, "--n", str(n), "--dim", str(dim), "--length", str(length), "--batch", str(batch),
            "--steps", str(steps), "--dt", str(dt), "--ic", ic, "--out", out]
    for k, v in params.items():
        args += ["--param", f"{k}={v}"]
    times = []
    for _ in range(1 if a.quick else 3):
        line = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        times.append(float(line.split(",")[1].split()[0]))
    return np.fromfile(out, np.float32).reshape(u0.shape), float(np.median(times))


rng = np.random.default_rng(0)
print(f"# Simforge vs Exponax {getattr(ex, '__version__', '0.2.0')} (JAX {jax.__version__}, {jax.devices()[0].platform}),"
      f" ETDRK4, float32, threads={a.threads or os.cpu_count()}")
# All Simforge runs first, then all Exponax runs: XLA's worker threads keep spinning after their
# work and would steal the cores from a Simforge process started in between.
cases = []
with tempfile.TemporaryDirectory() as tmp:
    for name, pde, params, dim, n, length, batch, dt, steps, factory in SCENARIOS:
        if a.quick:
            steps, batch = max(steps // 10, 5), min(batch, 8)
        u0 = initial_state(name, dim, n, batch, rng)
        u_sf, t_sf = run_simforge(pde, params, dim, n, length, batch, dt, steps, u0, tmp)
        cases.append((name, pde, dim, n, batch, steps, factory, u0, u_sf, t_sf))
print(f"{'scenario':26s} {'grid':>9s} {'batch':>5s} {'simforge s-st/s':>16s} {'exponax s-st/s':>15s} {'ratio':>7s} {'max rel diff':>12s}")
for name, pde, dim, n, batch, steps, factory, u0, u_sf, t_sf in cases:
    # Exponax indexes arrays (x, y); Simforge (y, x): hand it the transpose, and transpose back.
    # Exponax's vorticity has the opposite sign (its velocity is +grad^perp of inv-lap w), so
    # Navier–Stokes data enters and leaves it negated.
    perm = (0, 1) + tuple(range(2 + dim - 1, 1, -1))
    sign = -1.0 if pde == "navier_stokes_2d" else 1.0
    u_ex, t_ex = run_exponax(factory, sign * u0.transpose(perm), steps)
    u_ex = sign * u_ex.transpose(perm)
    diff = float(np.max(np.abs(u_sf - u_ex)) / np.max(np.abs(u_ex)))
    rate_sf, rate_ex = batch * steps / t_sf, batch * steps / t_ex
    print(f"{name:26s} {'x'.join([str(n)] * dim):>9s} {batch:5d} {rate_sf:16.1f} {rate_ex:15.1f} {rate_sf / rate_ex:6.2f}x {diff:12.2e}")
    sys.stdout.flush()
