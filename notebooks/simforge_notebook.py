"""What Simforge's notebooks share: where their inputs are, and spectra of periodic fields.

numpy only. Wavenumbers are integer mode indices on the periodic box (k = 1 is one wave across the
domain), the convention of Simforge's fRMSE bands (surrogate/metrics.hpp).
"""
import os

import numpy as np

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# PDEBench's fRMSE bands, as Simforge reports them: |k| <= 4, 4 < |k| <= 12, |k| > 12.
BANDS = {"low": (0, 4), "mid": (4, 12), "high": (12, np.inf)}


def input_path(variable, default):
    """The file named by environment variable `variable`, else `default` under the repository root."""
    path = os.environ.get(variable) or os.path.join(REPOSITORY, default)
    if not os.path.exists(path):
        raise FileNotFoundError(
            f"{path} does not exist: set {variable}, or run `simforge run examples/quickstart.yaml` in the "
            "repository root (scripts/run-notebooks.sh makes small inputs and sets the variables)")
    return path


def wavenumber_magnitude(shape):
    """|k| of every Fourier mode of a periodic field of spatial `shape` (numpy's fftn order)."""
    axes = np.meshgrid(*[np.fft.fftfreq(n, 1.0 / n) for n in shape], indexing="ij")
    return np.sqrt(sum(k * k for k in axes))


def power(fields, ndim):
    """|FFT|^2 / N^2 over the last `ndim` axes: per mode, summing to the mean square (Parseval)."""
    fields = np.asarray(fields, dtype=np.float64)
    shape = fields.shape[-ndim:]
    return np.abs(np.fft.fftn(fields, axes=tuple(range(-ndim, 0)))) ** 2 / float(np.prod(shape)) ** 2


def radial_spectrum(fields, ndim, mode_weight=None):
    """Shell-summed power spectrum over the last `ndim` axes, averaged over the leading ones.

    Returns (k, E): E[k] sums the power of the modes with k - 1/2 < |k| <= k + 1/2, each times
    `mode_weight` (an array of the spatial shape, e.g. 1/|k|^2; default 1), for k up to min(n)/2:
    shells beyond it are only partly inside the grid's modes (the corners), so they are left out.
    """
    p = power(fields, ndim)
    shape = p.shape[-ndim:]
    p = p.reshape(-1, *shape).mean(axis=0)
    if mode_weight is not None:
        p = p * mode_weight
    shell = np.rint(wavenumber_magnitude(shape)).astype(int).ravel()
    spectrum = np.bincount(shell, weights=p.ravel())[: min(shape) // 2 + 1]
    return np.arange(spectrum.size), spectrum


def band_rmse(error, ndim, bands=BANDS):
    """RMSE of `error` band-pass filtered to each band of |k|, per leading index (e.g. per frame)."""
    p = power(error, ndim)
    k = wavenumber_magnitude(p.shape[-ndim:])
    axes = tuple(range(-ndim, 0))
    return {name: np.sqrt((p * ((k <= hi) & ((k > lo) | (lo == 0)))).sum(axis=axes)) for name, (lo, hi) in bands.items()}
