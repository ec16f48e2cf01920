"""The rules The Well's format checker (scripts/check_thewell_formatting.py in PolymathicAI/the_well,
v1.2.0) applies to a file, written out here independently, plus the folder layout its loader
expects. Usage: python3 check_well_format.py EXPORT_FOLDER   (the <name>/ folder of an export)
Exits non-zero naming the first file and rule that fails."""
import glob
import os
import sys

import h5py
import numpy as np
import yaml

STATS_KEYS = ("mean", "std", "rms", "mean_delta", "std_delta", "rms_delta")


def fail(path, rule):
    sys.exit(f"{path}: {rule}")


def is_str_list(v):
    return isinstance(v, (list, np.ndarray)) and all(isinstance(x, str) for x in v)


def check_item(path, f, group, key, is_spatial=False, is_field=False, is_bc=False, order=0):
    """check_dataset(): the varying flags, and the shape they imply."""
    if key not in group:
        fail(path, f"{group.name}/{key} is missing")
    obj = group[key]
    a = obj.attrs
    for flag in ("sample_varying", "time_varying"):
        if flag not in a or not isinstance(a[flag], (bool, np.bool_)):
            fail(path, f"{obj.name}@{flag} must be a bool")
    dims = list(f["dimensions"].attrs["spatial_dims"])
    expected = ()
    if a["sample_varying"]:
        expected += (int(f.attrs["n_trajectories"]),)
    if a["time_varying"]:
        expected += (f["dimensions"]["time"].shape[-1],)
    if is_field:
        dv = a.get("dim_varying")
        if not isinstance(dv, (list, np.ndarray)) or len(dv) != f.attrs["n_spatial_dims"]:
            fail(path, f"{obj.name}@dim_varying must be a list of n_spatial_dims bools")
        for i, d in enumerate(dims):
            if dv[i]:
                expected += (f["dimensions"][d].shape[-1],)
        expected += (int(f.attrs["n_spatial_dims"]),) * order
    if is_bc:
        if not isinstance(a.get("bc_type"), str):
            fail(path, f"{obj.name}@bc_type must be a str")
        if a["bc_type"].upper() not in ("WALL", "OPEN", "PERIODIC"):
            fail(path, f"{obj.name}@bc_type {a['bc_type']} is not WALL, OPEN or PERIODIC (The Well's loader)")
        for k in ("associated_fields", "associated_dims"):
            if not isinstance(a.get(k), (list, np.ndarray)):
                fail(path, f"{obj.name}@{k} must be a list")
        for d in a["associated_dims"]:
            if not isinstance(d, str) or d not in dims:
                fail(path, f"{obj.name}@associated_dims: {d!r} is not a spatial dim")
        if "mask" not in obj:
            fail(path, f"{obj.name} has no mask")
        for d in dims:
            if d in a["associated_dims"]:
                expected += (f["dimensions"][d].shape[-1],)
    shape = obj["mask"].shape if is_bc else (obj.shape[:-1] if is_spatial else obj.shape)
    if tuple(shape) != expected:
        fail(path, f"{obj.name}: shape {tuple(shape)}, the flags imply {expected}")


def check_file(path):
    with h5py.File(path, "r") as f:
        a = f.attrs
        for k, types in (("dataset_name", str), ("n_spatial_dims", (int, np.integer)),
                         ("n_trajectories", (int, np.integer)), ("grid_type", str)):
            if k not in a or not isinstance(a[k], types):
                fail(path, f"root attribute {k} missing or of the wrong type")
        if "simulation_parameters" not in a:
            fail(path, "root attribute simulation_parameters is missing")
        for g in ("dimensions", "boundary_conditions", "scalars", "t0_fields", "t1_fields", "t2_fields"):
            if g not in f:
                fail(path, f"group {g} is missing")
        for k in a["simulation_parameters"]:
            if not isinstance(k, str) or k not in a or k not in f["scalars"]:
                fail(path, f"simulation parameter {k!r} needs a root attribute and a scalars/ dataset")
        check_item(path, f, f["dimensions"], "time")
        dims = f["dimensions"].attrs.get("spatial_dims")
        if not is_str_list(dims) or len(dims) != a["n_spatial_dims"]:
            fail(path, "dimensions@spatial_dims must list n_spatial_dims names")
        for d in dims:
            check_item(path, f, f["dimensions"], d, is_spatial=True)
        for order in range(3):
            g = f[f"t{order}_fields"]
            if not is_str_list(g.attrs.get("field_names")):
                fail(path, f"t{order}_fields@field_names must be a list of str")
            for name in g.attrs["field_names"]:
                check_item(path, f, g, name, is_field=True, order=order)
        if not is_str_list(f["scalars"].attrs.get("field_names")):
            fail(path, "scalars@field_names must be a list of str")
        for name in f["scalars"].attrs["field_names"]:
            check_item(path, f, f["scalars"], name)
        for name in f["boundary_conditions"]:
            check_item(path, f, f["boundary_conditions"], name, is_bc=True)
        vectors = list(f["t1_fields"].attrs["field_names"])
        return str(a["dataset_name"]), list(f["t0_fields"].attrs["field_names"]), vectors, int(a["n_spatial_dims"])


def main(folder):
    files = {s: sorted(glob.glob(os.path.join(folder, "data", s, "*.hdf5"))) for s in ("train", "valid", "test")}
    if not files["train"]:
        fail(folder, "data/train holds no .hdf5 file")
    names, fields = set(), None
    for s, paths in files.items():
        for p in paths:
            name, fields, vectors, nd = check_file(p)
            names.add(name)
    if len(names) != 1:
        fail(folder, f"files of several dataset_names {names} (The Well's loader asserts one)")
    stats = yaml.safe_load(open(os.path.join(folder, "stats.yaml")))
    for k in STATS_KEYS:
        for field in fields:
            v = stats.get(k, {}).get(field)
            if not isinstance(v, float) or not np.isfinite(v):
                fail(folder, f"stats.yaml {k}.{field} must be a finite number (got {v!r})")
        for field in vectors:  # a t1 field: one number per component
            v = stats.get(k, {}).get(field)
            if not isinstance(v, list) or len(v) != nd or not all(isinstance(x, float) and np.isfinite(x) for x in v):
                fail(folder, f"stats.yaml {k}.{field} must be a list of {nd} finite numbers (got {v!r})")
    print(f"{folder}: {sum(map(len, files.values()))} files meet The Well's format rules; stats.yaml has {', '.join(STATS_KEYS)}")


if __name__ == "__main__":
    main(sys.argv[1])
