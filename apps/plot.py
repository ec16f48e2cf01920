"""simforge plot: pictures of Simforge files, drawn by matplotlib. Run by `simforge plot`, which
passes: INPUT OUTPUT.png SAMPLE FRAMES OVERWRITE(0|1); an empty OUTPUT means beside the input:
<name>.sample<I>.png for a dataset, <name>.png otherwise.
- a dataset: frames of one trajectory over time, one row per field, a colour bar per row;
- a prediction file (simforge predict -o): truth / prediction / error side by side at a few
  rollout steps, and nRMSE against rollout step;
- an evaluation report (simforge eval --json, simforge run): nRMSE against rollout step.
Errors are one line on stderr and exit status 1."""
import json
import os
import sys


def fail(message):
    sys.stderr.write(f"simforge: error: {message}\n")
    sys.exit(1)


try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    import numpy as np
except ImportError as e:
    fail(f"simforge plot needs matplotlib and numpy (Debian: apt install python3-matplotlib): {e}")


def even_steps(n, k):
    return sorted(set(int(round(i)) for i in np.linspace(0, n - 1, min(k, n))))


def image(ax, frame, extent, cmap, vmin, vmax):
    if frame.ndim == 1:  # a 1-D field: a line over x
        return None
    return ax.imshow(frame, origin="lower", extent=extent, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")


def field_arrays(f, dims):
    """Every field as (name, dataset reader): t0 fields, then each t1 field's components <name>_<dim>."""
    out = [(str(n), lambda s, n=str(n): f["t0_fields"][n][s]) for n in f["t0_fields"].attrs["field_names"]]
    if "t1_fields" in f:
        for n in f["t1_fields"].attrs["field_names"]:
            for c, d in enumerate(dims):
                out.append((f"{n}_{d}", lambda s, n=str(n), c=c: f["t1_fields"][n][s, ..., c]))
    return out


def dataset_figure(f, sample, frames):
    dims = [str(d) for d in f["dimensions"].attrs["spatial_dims"]]
    arrays = dict(field_arrays(f, dims))
    fields = list(arrays)
    times = f["dimensions/time"][:]
    n = int(f.attrs["n_trajectories"])
    if not 0 <= sample < n:
        fail(f"--sample {sample}: the dataset has trajectories 0 to {n - 1}")
    if "simforge/sample_complete" in f and not f["simforge/sample_complete"][sample]:
        fail(f"trajectory {sample} is not written yet (the dataset is incomplete)")
    name = str(f.attrs["dataset_name"])
    coords = [f["dimensions"][d][:] for d in dims]
    steps = even_steps(len(times), frames)
    if len(dims) == 1:
        fig, axes = plt.subplots(len(fields), 1, figsize=(7, 2.6 * len(fields)), squeeze=False)
        for r, field in enumerate(fields):
            ax = axes[r][0]
            data = arrays[field](sample)
            colours = plt.cm.viridis(np.linspace(0, 1, len(steps)))
            for c, t in zip(colours, steps):
                ax.plot(coords[0], data[t], color=c, label=f"t = {times[t]:.3g}")
            ax.set_xlabel(dims[0])
            ax.set_ylabel(field)
            ax.legend(fontsize=7, ncol=2)
        fig.suptitle(f"{name}: trajectory {sample}")
        return fig
    if len(dims) == 3:
        fail("3-D datasets: plot draws 1-D and 2-D fields (open the XDMF sidecar in ParaView: simforge export xdmf)")
    extent = [coords[1][0], coords[1][-1], coords[0][0], coords[0][-1]]
    fig, axes = plt.subplots(len(fields), len(steps), figsize=(2.6 * len(steps) + 1.2, 2.6 * len(fields)), squeeze=False,
                             constrained_layout=True)
    for r, field in enumerate(fields):
        data = arrays[field](sample)
        lim = max(abs(float(np.min(data[steps]))), abs(float(np.max(data[steps]))))
        diverging = float(np.min(data[steps])) < 0 < float(np.max(data[steps]))
        vmin, vmax = (-lim, lim) if diverging else (float(np.min(data[steps])), float(np.max(data[steps])))
        for c, t in enumerate(steps):
            ax = axes[r][c]
            im = image(ax, data[t], extent, "RdBu_r" if diverging else "viridis", vmin, vmax)
            ax.set_title(f"t = {times[t]:.3g}", fontsize=9)
            ax.set_xlabel(dims[1])
            if c == 0:
                ax.set_ylabel(f"{field}\n{dims[0]}")
            else:
                ax.set_yticks([])
        fig.colorbar(im, ax=axes[r].tolist(), shrink=0.9, label=field)
    fig.suptitle(f"{name}: trajectory {sample}")
    return fig


def nrmse_axes(ax, nrmse, title):
    steps = np.arange(1, len(nrmse) + 1)
    ax.plot(steps, nrmse, marker="o", markersize=3)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.set_xlabel("rollout step")
    ax.set_ylabel("nRMSE (||error|| / ||truth||)")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    ax.set_ylim(bottom=0)


def prediction_figure(f, frames):
    fields = sorted(f["truth"].keys())
    field = fields[0]
    truth, pred = f["truth"][field][:], f["prediction"][field][:]
    nrmse = f["nrmse_per_step"][:]
    if len(truth) == 0:
        fail("the prediction has no frame the dataset also has: nothing to compare")
    steps = even_steps(len(truth), min(frames, 4))
    history = int(f.attrs["history"])
    fig = plt.figure(figsize=(3 * 3 + 4.5, 2.7 * len(steps)), constrained_layout=True)
    grid = fig.add_gridspec(len(steps), 4, width_ratios=[1, 1, 1, 1.5])
    lim = float(np.max(np.abs(truth[steps])))
    err_lim = float(np.max(np.abs(pred[steps] - truth[steps]))) or 1.0
    for r, t in enumerate(steps):
        cols = [("truth", truth[t], "RdBu_r", lim), ("prediction", pred[t], "RdBu_r", lim),
                ("error (prediction - truth)", pred[t] - truth[t], "PuOr_r", err_lim)]
        for c, (label, frame, cmap, l) in enumerate(cols):
            ax = fig.add_subplot(grid[r, c])
            if frame.ndim == 1:
                ax.plot(frame)
            else:
                im = ax.imshow(frame, origin="lower", cmap=cmap, vmin=-l, vmax=l, interpolation="nearest")
                fig.colorbar(im, ax=ax, shrink=0.8)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"{label}, step {t + 1}", fontsize=9)
    nrmse_axes(fig.add_subplot(grid[:, 3]), nrmse, "error against rollout step")
    fig.suptitle(f"{f.attrs['model']}: {field}, sample {int(f.attrs['sample'])} of {f.attrs['dataset']} "
                 f"({history} input frames)", fontsize=10)
    return fig


def report_figure(path):
    try:
        r = json.load(open(path))
        nrmse = r["nrmse_per_step"]
    except (ValueError, KeyError, TypeError) as e:
        fail(f"{path} is not an evaluation report of simforge eval --json ({e})")
    fig, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    nrmse_axes(ax, nrmse, f"{r.get('model', '')} on {r.get('dataset', '')} ({r.get('split', '')} split)")
    return fig


def check_output(out, source, overwrite):
    if os.path.exists(out) and os.path.samefile(out, source):
        fail(f"{out} is the input; choose another output")
    if os.path.exists(out) and not overwrite:
        fail(f"{out} exists; pass --overwrite to replace it")


def main():
    source, out, sample, frames, overwrite = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
    stem = os.path.splitext(source)[0]
    if source.endswith(".json"):
        out = out or stem + ".png"
        check_output(out, source, overwrite)
        fig = report_figure(source)
    else:
        import h5py
        try:
            with h5py.File(source, "r") as f:
                if "t0_fields" in f:
                    out = out or f"{stem}.sample{sample}.png"
                    check_output(out, source, overwrite)
                    fig = dataset_figure(f, sample, frames)
                elif "prediction" in f and "truth" in f:
                    out = out or stem + ".png"
                    check_output(out, source, overwrite)
                    fig = prediction_figure(f, frames)
                else:
                    fail(f"{source} is neither a dataset nor a prediction file (simforge predict -o)")
        except OSError as e:
            fail(f"cannot read {source}: {e}")
    tmp = out + ".tmp.png"
    fig.savefig(tmp, dpi=120)
    os.replace(tmp, out)
    print(f"wrote {out}")


main()
