// `simforge export well|pdebench|xdmf`: a finished dataset into The Well's folder layout,
// PDEBench's HDF5 layouts, or an XDMF sidecar for ParaView.
#include <cstdio>

#include "commands.hpp"
#include "interrupt.hpp"
#include "progress.hpp"
#include "workflows/export.hpp"

namespace simforge::app {

int run_export(const ExportArgs& a) {
  set_interrupt_note("nothing was exported: the export is written under a temporary name; run the command again");
  if (a.format == "well") {
    // Each stage (a split's copy, the statistics) gets its own bar and rate.
    StageBars bars;
    workflows::WellExportOptions o{.directory = a.output, .train = a.train, .valid = a.valid, .seed = a.seed, .overwrite = a.overwrite};
    const workflows::WellExportReport r = workflows::export_well(
        a.dataset, o, [&](const workflows::ExportProgress& p) { bars.update("export " + p.stage, "trajectories", p.done, p.total); });
    bars.finish();
    std::printf("wrote %s: train %zu, valid %zu, test %zu trajectories; stats.yaml over the training split\n", r.folder.c_str(),
                r.splits[0].samples.size(), r.splits[1].samples.size(), r.splits[2].samples.size());
    return 0;
  }
  if (a.format == "pdebench") {
    StageBars bars;
    const std::string layout = workflows::export_pdebench(
        a.dataset, {.output = a.output, .layout = a.layout, .overwrite = a.overwrite},
        [&](const workflows::ExportProgress& p) { bars.update("export " + p.stage, "trajectories", p.done, p.total); });
    bars.finish();
    std::printf("wrote %s (PDEBench layout '%s')\n", a.output.c_str(), layout.c_str());
    return 0;
  }
  workflows::XdmfExportOptions o{.samples = a.samples, .overwrite = a.overwrite};
  if (!a.output.empty()) o.output = a.output;
  std::printf("wrote %s (open it in ParaView or VisIt)\n", workflows::export_xdmf(a.dataset, o).c_str());
  return 0;
}

}  // namespace simforge::app
