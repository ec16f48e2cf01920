"""Opens a Simforge dataset's XDMF sidecar in ParaView (pvpython), reads one frame of the first
trajectory, checks it against the HDF5 file read with h5py, and renders it to a PNG.
Usage: pvpython paraview_check.py DATASET.h5 SIDECAR.xmf OUT.png"""
import sys

import h5py
import numpy as np
from paraview import servermanager
from paraview.simple import ColorBy, GetActiveViewOrCreate, Render, SaveScreenshot, Show, UpdatePipeline, XDMFReader
from vtk.numpy_interface import dataset_adapter as dsa

dataset, sidecar, png = sys.argv[1:4]
with h5py.File(dataset, "r") as f:
    field = f["t0_fields"].attrs["field_names"][0]
    times = f["dimensions/time"][:]
    frame = min(3, len(times) - 1)
    truth = f["t0_fields"][field][0, frame]            # [(z,) y, x]

reader = XDMFReader(FileNames=[sidecar])
reader.UpdatePipelineInformation()
reported = np.array(reader.TimestepValues)
assert len(reported) == len(times) and np.allclose(reported, times), (reported, times)
UpdatePipeline(time=times[frame], proxy=reader)
data = servermanager.Fetch(reader)
block = data.GetBlock(0) if data.IsA("vtkMultiBlockDataSet") else data   # the first trajectory
values = dsa.WrapDataObject(block).PointData[field]
got = np.asarray(values).reshape(truth.shape)          # VTK orders points x fastest, as the file does
err = float(np.max(np.abs(got - truth)))
assert err == 0.0, f"ParaView's frame differs from h5py's by {err}"
print(f"ParaView read {field} frame {frame} (t = {times[frame]:g}) of {dataset}: {got.shape}, identical to h5py")

view = GetActiveViewOrCreate("RenderView")
view.ViewSize = [480, 480]
display = Show(reader, view)
ColorBy(display, ("POINTS", field))
display.SetScalarBarVisibility(view, True)
view.ResetCamera()
Render(view)
SaveScreenshot(png, view, ImageResolution=[480, 480])
print(f"rendered {png}")
