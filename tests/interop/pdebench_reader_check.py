"""Reads `simforge export pdebench` files the way PDEBench's own readers do
(pdebench/models/fno/utils.py: FNODatasetSingle's ".hdf5" branch and FNODatasetMult), written
here independently, and checks the arrays against the Simforge dataset read with h5py.
Usage: python3 pdebench_reader_check.py SIMFORGE.h5 PDEBENCH_FILE"""
import sys

import h5py
import numpy as np

source, exported = sys.argv[1:3]
with h5py.File(source, "r") as f:
    names = list(f["t0_fields"].attrs["field_names"])
    dims = list(f["dimensions"].attrs["spatial_dims"])
    fields = np.stack([f["t0_fields"][n][:] for n in names], axis=-1)          # [N, T, (z, y,) x, C]
    # A t1 field's components in PDEBench's order: Vx, Vy, Vz (the last array axis first).
    velocity = f["t1_fields"]["velocity"][:][..., ::-1] if "t1_fields" in f and "velocity" in f["t1_fields"] else None
    coords = {d: f["dimensions"][d][:] for d in dims}
    times = f["dimensions/time"][:]
nd = len(dims)
# PDEBench's order: [N, x1..xd, T, C] with x first.
want = np.transpose(fields, (0,) + tuple(range(nd + 1, 1, -1)) + (1, nd + 2))

with h5py.File(exported, "r") as h:
    keys = sorted(h.keys())
    if "density" in keys and "Vx" in keys:                                     # FNODatasetSingle, CFD
        channels = ["density", "pressure"] + [f"V{a}" for a in "xyz"[:nd]]
        data = np.stack([np.array(h[c], dtype=np.float32) for c in channels], axis=-1)   # [N, T, X(, Y, Z), C]
        data = np.transpose(data, (0,) + tuple(range(2, nd + 2)) + (1, nd + 2))         # [N, X.., T, C]
        for a in dims:
            assert np.allclose(np.array(h[f"{a}-coordinate"]), coords[a]), f"{a}-coordinate differs"
        full = np.concatenate([fields, velocity], axis=-1)                              # density, pressure, Vx, Vy..
        want = np.transpose(full, (0,) + tuple(range(nd + 1, 1, -1)) + (1, nd + 2))
        layout = "cfd"
    elif "tensor" in keys and "nu" in keys:                                      # FNODatasetSingle, Darcy
        u = np.array(h["tensor"], dtype=np.float32).transpose(0, 2, 3, 1)      # [N, X, Y, 1]
        nu = np.array(h["nu"], dtype=np.float32)[:, None].transpose(0, 2, 3, 1)
        data = np.concatenate([nu, u], axis=-1)[..., None]                     # [N, X, Y, 2, 1]: nu at "time" 0, u at 1
        assert np.allclose(np.array(h["x-coordinate"]), coords["x"]) and np.allclose(np.array(h["y-coordinate"]), coords["y"])
        want = np.transpose(fields[:, 0], (0, 2, 1, 3))[..., None]              # [N, x, y, (coefficient, solution), 1]
        layout = "darcy"
    elif "tensor" in keys:                                                     # FNODatasetSingle, 1-D
        tensor = np.array(h["tensor"], dtype=np.float32)                       # [N, T, X]
        assert tensor.ndim == 3, tensor.shape
        data = tensor.transpose(0, 2, 1)[..., None]                            # [N, X, T, 1]
        grid = np.array(h["x-coordinate"], dtype=np.float32)[:, None]
        assert np.allclose(grid[:, 0], coords["x"])
        assert len(h["t-coordinate"]) == len(times)
        layout = "tensor"
    elif keys and all(k.isdigit() for k in keys):                               # FNODatasetMult
        samples = []
        for k in keys:                                                          # sorted '0000', '0001', ...
            g = h[k]
            d = np.array(g["data"], dtype="f")                                  # [T, x1..xd, C]
            samples.append(np.transpose(d, tuple(range(1, d.ndim - 1)) + (0, d.ndim - 1)))
            axes = [np.array(g["grid"][a], dtype="f") for a in ("x", "y", "z")[: d.ndim - 2]]
            for a, c in zip(axes, reversed(dims)):
                assert np.allclose(a, coords[c]), "grid differs"
            assert np.allclose(np.array(g["grid"]["t"]), times)
            assert "config" in g.attrs
        data = np.stack(samples)
        layout = "groups"
    else:
        sys.exit(f"{exported}: neither a 'tensor' file nor per-sample groups: {keys}")
assert data.shape == want.shape, (data.shape, want.shape)
assert np.array_equal(data, want), "PDEBench's view of the data differs from Simforge's"
print(f"{exported}: read as PDEBench's {'FNODatasetMult' if layout == 'groups' else 'FNODatasetSingle'} does ({layout}), "
      f"{data.shape} equal to {source}")
