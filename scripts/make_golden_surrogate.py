#!/usr/bin/python3
"""Writes tests/data/golden_surrogate.h5: PyTorch's outputs and gradients for Simforge's layers.

An independent implementation pins Simforge's conv (circular padding), GroupNorm and FNO spectral
convolution (tests/surrogate/golden_test.cpp compares). Run with Debian's python3 (torch + h5py):
    /usr/bin/python3 scripts/make_golden_surrogate.py
Each case is a group with x, params (Simforge's flat layout), dy, y, dx, dparams (float64; inputs
and parameters are float32-representable) dims = [n, c, h, w], and the layer's settings as attributes. Gradients are
of L = sum(dy * y), computed in float64.
"""
import os
import h5py
import numpy as np
import torch
import torch.nn.functional as F

torch.manual_seed(0)
rng = np.random.default_rng(2024)


def rand(*shape, scale=1.0):
    return torch.tensor(rng.uniform(-scale, scale, shape).astype(np.float32).astype(np.float64), requires_grad=True)


def conv_circular(x, p, c_out, k, rank):
    c_in = x.shape[1]
    kh = k if rank == 2 else 1
    nw = c_out * c_in * kh * k
    w, b = p[:nw].view(c_out, c_in, kh, k), p[nw:]
    ph = k // 2 if rank == 2 else 0
    return F.conv2d(F.pad(x, (k // 2, k // 2, ph, ph), mode="circular"), w, b)


def group_norm(x, p, groups):
    c = x.shape[1]
    return F.group_norm(x, groups, p[:c], p[c:], eps=1e-5)


def spectral(x, p, c_out, m1, m2):
    # The FNO reference (Li et al.): rfft2, keep rows [0, m1) and [H - m1, H), columns [0, m2),
    # mix channels with complex weights, irfft2. Simforge's weights: [c_in, c_out, rows, m2] complex,
    # real and imaginary parts interleaved; 1-D (H = 1): one row.
    n, ci, h, w = x.shape
    rows = 1 if h == 1 else 2 * m1
    wc = torch.view_as_complex(p.view(ci, c_out, rows, m2, 2))
    if h == 1:
        xf = torch.fft.rfft(x[:, :, 0, :])
        of = torch.zeros(n, c_out, w // 2 + 1, dtype=xf.dtype)
        of[:, :, :m2] = torch.einsum("bix,iox->box", xf[:, :, :m2], wc[:, :, 0])
        return torch.fft.irfft(of, n=w)[:, :, None, :]
    xf = torch.fft.rfft2(x)
    of = torch.zeros(n, c_out, h, w // 2 + 1, dtype=xf.dtype)
    of[:, :, :m1, :m2] = torch.einsum("bixy,ioxy->boxy", xf[:, :, :m1, :m2], wc[:, :, :m1])
    of[:, :, h - m1:, :m2] = torch.einsum("bixy,ioxy->boxy", xf[:, :, h - m1:, :m2], wc[:, :, m1:])
    return torch.fft.irfft2(of, s=(h, w))


def case(f, group, dims, nparams, fn, attrs, pscale=0.5):
    x = rand(*dims)
    p = rand(nparams, scale=pscale)
    y = fn(x, p)
    dy = torch.tensor(rng.uniform(-1, 1, tuple(y.shape)).astype(np.float32).astype(np.float64))
    (y * dy).sum().backward()
    g = f.create_group(group)
    g.create_dataset("dims", data=np.array(dims, dtype=np.float64))
    for k, v in attrs.items():
        g.attrs[k] = v
    for name, t in (("x", x), ("params", p), ("dy", dy), ("y", y), ("dx", x.grad), ("dparams", p.grad)):
        g.create_dataset(name, data=t.detach().numpy().ravel())


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "golden_surrogate.h5")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with h5py.File(out, "w") as f:
        f.attrs["generator"] = "scripts/make_golden_surrogate.py, torch " + torch.__version__
        case(f, "conv2d_circular_k3", (2, 3, 6, 5), 4 * 3 * 9 + 4, lambda x, p: conv_circular(x, p, 4, 3, 2),
             {"c_out": 4, "kernel": 3, "rank": 2})
        case(f, "conv1d_circular_k5", (2, 2, 1, 9), 3 * 2 * 5 + 3, lambda x, p: conv_circular(x, p, 3, 5, 1),
             {"c_out": 3, "kernel": 5, "rank": 1})
        case(f, "group_norm_g2", (2, 4, 3, 5), 8, lambda x, p: group_norm(x, p, 2), {"groups": 2}, pscale=1.0)
        case(f, "spectral2d", (2, 3, 8, 8), 3 * 2 * 4 * 3 * 2, lambda x, p: spectral(x, p, 2, 2, 3),
             {"c_out": 2, "m1": 2, "m2": 3, "rank": 2})
        case(f, "spectral1d", (2, 3, 1, 16), 3 * 2 * 1 * 5 * 2, lambda x, p: spectral(x, p, 2, 1, 5),
             {"c_out": 2, "m1": 1, "m2": 5, "rank": 1})
    print("wrote", os.path.normpath(out))


if __name__ == "__main__":
    main()
