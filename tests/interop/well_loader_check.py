"""Loads a `simforge export well` folder with The Well's own loader (the_well.data.WellDataset,
with normalization) and compares its items with the files read by h5py.
Usage: python check script EXPORT_FOLDER [--open]   (run in a venv with the-well==1.2.0)"""
import glob
import os
import sys

import h5py
import numpy as np
import yaml
from the_well.data import WellDataset
from the_well.data.normalization import ZScoreNormalization

folder = sys.argv[1]
periodic = "--open" not in sys.argv[2:]  # an export of open (outflow) faces: The Well's OPEN
stats = yaml.safe_load(open(os.path.join(folder, "stats.yaml")))
ds = WellDataset(path=folder, well_split_name="train", use_normalization=True, normalization_type=ZScoreNormalization,
                 n_steps_input=2, n_steps_output=3)
(path,) = glob.glob(os.path.join(folder, "data", "train", "*.hdf5"))
with h5py.File(path, "r") as f:
    # The Well's channels: the t0 fields, then each t1 field's components (its last axis).
    fields = list(f["t0_fields"].attrs["field_names"])
    vectors = list(f["t1_fields"].attrs["field_names"]) if "t1_fields" in f else []
    parts = [f["t0_fields"][n][:][..., None] for n in fields] + [f["t1_fields"][n][:] for n in vectors]
    data = np.concatenate(parts, axis=-1)                               # [N, T, *S, C]
    times = f["dimensions/time"][:]
    coords = [f["dimensions"][d][:] for d in f["dimensions"].attrs["spatial_dims"]]
n, t = data.shape[:2]
windows = t - 5 + 1
assert len(ds) == n * windows, (len(ds), n, windows)
mean = np.concatenate([np.ravel(stats["mean"][c]) for c in fields + vectors]).astype(np.float32)
std = np.concatenate([np.ravel(stats["std"][c]) for c in fields + vectors]).astype(np.float32)
assert mean.shape == (data.shape[-1],), (mean.shape, data.shape)
worst = 0.0
for idx in (0, windows + 3, len(ds) - 1):                              # first, inside, last window
    item = ds[idx]
    sample, start = divmod(idx, windows)
    want_in = (data[sample, start:start + 2] - mean) / std
    want_out = (data[sample, start + 2:start + 5] - mean) / std
    for key, want in (("input_fields", want_in), ("output_fields", want_out)):
        got = item[key].numpy()
        assert got.shape == want.shape, (key, got.shape, want.shape)
        worst = max(worst, float(np.max(np.abs(got - want)) / np.max(np.abs(want))))
    grid = item["space_grid"].numpy()
    mesh = np.stack(np.meshgrid(*coords, indexing="ij"), -1)
    assert np.array_equal(grid, mesh), "space_grid differs from the file's coordinates"
    assert np.allclose(item["input_time_grid"].numpy(), times[start:start + 2] - times[start])
    if periodic:
        assert np.all(item["boundary_conditions"].numpy() == 2), "periodic faces are The Well's PERIODIC (2)"
assert worst < 1e-6, f"normalized fields differ from h5py's by {worst:g} (relative)"
print(f"the_well.WellDataset read {len(ds)} windows of {path} ({data.shape[-1]} channels) with ZScore normalization; "
      f"items equal h5py's (max relative difference {worst:.1e})")
