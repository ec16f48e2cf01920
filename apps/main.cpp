// The `simforge` command: parse the command line, call the library, report. Every error is one
// line on stderr and a non-zero exit.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <exception>
#include <new>
#include <optional>

#include "commands.hpp"
#include "mpi_session.hpp"
#include "interrupt.hpp"
#include "config/config_reference.hpp"
#include "kernels/device.hpp"
#include "kernels/error.hpp"
#include "simforge/version.hpp"

namespace {
// Users see the message alone; SIMFORGE_ERROR_LOCATION=1 appends where the library raised it
// (include it in bug reports).
std::string user_message(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return "out of memory (the configuration asks for more than this machine has)";
  std::string m = e.what();
  const auto* error = dynamic_cast<const simforge::Error*>(&e);
  if (error && !error->location().empty() && std::getenv("SIMFORGE_ERROR_LOCATION")) m += " [" + error->location() + "]";
  return m;
}
// This command line with --resume (and without --overwrite): what continues an interrupted run.
std::string resume_command(int argc, char** argv) {
  std::string c = "simforge";
  bool has_resume = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--overwrite") continue;
    has_resume |= a == "--resume";
    c += " " + (a.find_first_of(" \t'\"") == std::string::npos && !a.empty() ? a : "'" + a + "'");
  }
  return has_resume ? c : c + " --resume";
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Simforge: GPU PDE solvers that generate HDF5 datasets for CNN surrogates"};
  app.set_version_flag("--version", std::string("simforge ") + simforge::version + " (" + simforge::git_hash + ", " +
                                        simforge::backend + " backend)");
  app.require_subcommand(1);
  int device = 0;
  app.fallthrough();  // --device may follow the subcommand
  app.add_option("--device", device, "compute device (GPU ordinal; the CPU build has device 0 only)")
      ->default_val(0)
      ->check(CLI::NonNegativeNumber);

  simforge::app::GenerateArgs gen;
  CLI::App* generate = app.add_subcommand("generate", "Generate a dataset from a YAML config");
  generate->add_option("config", gen.config, "YAML configuration file")->required();
  generate->add_option("-o,--output", gen.output, "output HDF5 file (overrides output.path)");
  generate->add_option("--samples", gen.samples, "number of samples (overrides samples)");
  generate->add_option("--seed", gen.seed, "random seed (overrides seed)");
  generate->add_option("--batch", gen.batch, "samples solved together on the device (overrides batch)");
  generate->add_option("--shard", gen.shard,
                       "generate part I (from 0) of N, as <output>.shard-I-of-N.h5: I/N, or slurm (the array task's place)");
  generate->add_option("--merge", gen.merge, "in an MPI job (mpirun -n R): how rank 0 joins the ranks' shards (default copy)")
      ->check(CLI::IsMember({"copy", "virtual"}));
  generate->add_flag("--resume", gen.resume, "continue an interrupted run from <output>.partial");
  generate->add_flag("--overwrite", gen.overwrite, "replace an existing output (or one made with another configuration)");

  simforge::app::TrainArgs train_args;
  CLI::App* train = app.add_subcommand("train", "Train a CNN surrogate (U-Net or FNO) on a dataset, from a YAML config");
  train->add_option("config", train_args.config, "YAML training configuration")->required();
  train->add_option("-o,--output", train_args.output, "model file (overrides output.path)");
  train->add_option("--data", train_args.data, "dataset to train on (overrides data.path)");
  train->add_option("--epochs", train_args.epochs, "number of epochs (overrides training.epochs)");
  train->add_option("--stop-after", train_args.stop_after, "stop after this many steps in total (a checkpoint is written)")
      ->check(CLI::PositiveNumber);
  train->add_flag("--resume", train_args.resume, "continue from the model file's last checkpoint");
  train->add_flag("--overwrite", train_args.overwrite, "train anew over an existing model file");

  simforge::app::EvalArgs eval_args;
  CLI::App* eval = app.add_subcommand("eval", "Score a trained surrogate's rollouts (nRMSE, relative L2, VRMSE, fRMSE) and its speed-up");
  eval->add_option("model", eval_args.model, "model file written by simforge train")->required();
  eval->add_option("--dataset", eval_args.dataset, "evaluate on every sample of another dataset with the same fields");
  eval->add_option("--split", eval_args.split, "test, val or train (of the training dataset)");
  eval->add_option("--max-samples", eval_args.max_samples, "evaluate at most this many trajectories")->check(CLI::PositiveNumber);
  eval->add_option("--json", eval_args.json, "also write the metrics as one JSON object to this file");
  eval->add_flag("--no-solver", eval_args.no_solver, "skip timing the solver");
  eval->add_flag("--overwrite", eval_args.overwrite, "replace an existing --json file");
  simforge::app::PredictArgs predict_args;
  CLI::App* predict = app.add_subcommand("predict", "Roll a trained surrogate out from one dataset sample; print per-step nRMSE, write HDF5");
  predict->add_option("model", predict_args.model, "model file written by simforge train")->required();
  predict->add_option("--dataset", predict_args.dataset, "dataset with the model's fields (default: the training dataset)");
  predict->add_option("--sample", predict_args.sample, "trajectory index (default 0)")->check(CLI::NonNegativeNumber);
  predict->add_option("--steps", predict_args.steps, "frames to predict (default: every frame after the input frames)")
      ->check(CLI::PositiveNumber);
  predict->add_option("-o,--output", predict_args.output, "write prediction, truth and per-step nRMSE to this HDF5 file");
  predict->add_flag("--overwrite", predict_args.overwrite, "replace an existing -o file");

  simforge::app::ExportArgs export_args;
  CLI::App* exporter = app.add_subcommand("export", "Export a finished dataset to The Well's folder layout, PDEBench's layouts or ParaView (XDMF)");
  exporter->require_subcommand(1);
  CLI::App* export_well = exporter->add_subcommand("well", "DIR/<name>/data/{train,valid,test}/*.hdf5 and DIR/<name>/stats.yaml");
  export_well->add_option("dataset", export_args.dataset, "HDF5 dataset")->required();
  export_well->add_option("-o,--output", export_args.output, "directory DIR that receives the <name>/ folder")->required();
  export_well->add_option("--train", export_args.train, "fraction of trajectories for training")->default_val(0.8)->check(CLI::Range(0.0, 1.0));
  export_well->add_option("--valid", export_args.valid, "fraction for validation (test: the rest)")->default_val(0.1)->check(CLI::Range(0.0, 1.0));
  export_well->add_option("--seed", export_args.seed, "seed of the shuffle that assigns trajectories to splits")->default_val(0);
  export_well->add_flag("--overwrite", export_args.overwrite, "replace an existing DIR/<name>/");
  CLI::App* export_pdebench = exporter->add_subcommand("pdebench", "one HDF5 file in the layout PDEBench's readers expect");
  export_pdebench->add_option("dataset", export_args.dataset, "HDF5 dataset")->required();
  export_pdebench->add_option("-o,--output", export_args.output, "PDEBench file to write (e.g. 1D_Advection_Sols_beta0.1.hdf5)")->required();
  export_pdebench->add_option("--layout", export_args.layout, "tensor | groups | cfd | darcy (default: the one PDEBench uses for such data)")
      ->check(CLI::IsMember({"tensor", "groups", "cfd", "darcy"}));
  export_pdebench->add_flag("--overwrite", export_args.overwrite, "replace an existing output");
  CLI::App* export_xdmf = exporter->add_subcommand("xdmf", "an XDMF sidecar (<dataset>.xmf) that ParaView and VisIt open, without copying data");
  export_xdmf->add_option("dataset", export_args.dataset, "HDF5 dataset")->required();
  export_xdmf->add_option("-o,--output", export_args.output, "sidecar path (default: <dataset>.xmf)");
  export_xdmf->add_option("--samples", export_args.samples, "describe the first N trajectories (default: all)")->check(CLI::PositiveNumber);
  export_xdmf->add_flag("--overwrite", export_args.overwrite, "replace an existing sidecar");

  simforge::app::PlotArgs plot_args;
  CLI::App* plot = app.add_subcommand("plot", "Draw a PNG: a dataset's frames over time, a prediction's truth / prediction / error, a report's error by step");
  plot->add_option("file", plot_args.file, "dataset, prediction file (simforge predict -o) or evaluation report (.json)")->required();
  plot->add_option("-o,--output", plot_args.output, "PNG to write (default: beside the input, <name>.sample<I>.png or <name>.png)");
  plot->add_option("--sample", plot_args.sample, "trajectory of a dataset (default 0)")->check(CLI::NonNegativeNumber);
  plot->add_option("--frames", plot_args.frames, "frames drawn, evenly spaced in time (default 5)")->check(CLI::Range(1, 12));
  plot->add_flag("--overwrite", plot_args.overwrite, "replace an existing PNG");

  simforge::app::MergeArgs merge_args;
  CLI::App* merge = app.add_subcommand("merge", "Join the complete shards of a dataset into one dataset");
  merge->add_option("shards", merge_args.shards, "every shard file of the dataset (<name>.shard-I-of-N.h5)")->required();
  merge->add_option("-o,--output", merge_args.output, "merged dataset (default: <name>.h5 beside the shards)");
  merge->add_flag("--virtual", merge_args.virtual_dataset,
                  "HDF5 virtual datasets that read from the shards (instant, no copy; the shards must stay) instead of a copy");
  merge->add_flag("--overwrite", merge_args.overwrite, "replace an existing output");

  std::string info_file;
  simforge::app::RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Generate, train and evaluate from one pipeline YAML (each stage skips completed work)");
  run->add_option("pipeline", run_args.pipeline, "pipeline YAML with sections generate, train, evaluate")->required();
  run->add_flag("--overwrite", run_args.overwrite, "redo the stages whose outputs were made by another configuration");
  CLI::App* reference = app.add_subcommand("config-reference", "Print the configuration reference (Markdown)");
  CLI::App* info = app.add_subcommand("info", "Describe a dataset: layout, per-field statistics, completion");
  info->add_option("file", info_file, "HDF5 dataset")->required();

  // --device belongs to the top-level command, so each device-using command's help mentions it.
  for (CLI::App* c : {generate, train, eval, predict, run})
    c->footer("--device N (before or after the command) runs it on GPU N; the CPU build has device 0 only.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  gen.resume_command = train_args.resume_command = resume_command(argc, argv);
  simforge::app::install_interrupt_handlers();
  std::optional<simforge::app::MpiSession> mpi;
  try {
    if (*info) return simforge::app::run_info(info_file);
    if (*plot) return simforge::app::run_plot(plot_args);
    if (*merge) return simforge::app::run_merge(merge_args);
    if (*exporter) {
      export_args.format = *export_well ? "well" : *export_pdebench ? "pdebench" : "xdmf";
      return simforge::app::run_export(export_args);
    }
    if (*reference) {
      std::fputs(simforge::config::generate_config_reference().c_str(), stdout);
      return 0;
    }
    // A rank of an MPI job takes the GPU of its place on the node unless --device names one.
    mpi.emplace();
    SIMFORGE_CHECK(!mpi->active() || *generate || *train, "only generate and train run as the ranks of a parallel job (",
                   mpi->place().launcher, ", ", mpi->size(), " ranks); run the others as one process");
    if (mpi->active() && app.get_option("--device")->count() == 0) device = mpi->local_rank() % simforge::device::count();
    // One device and one stream for the whole command, chosen here and passed to the workflow.
    simforge::device::select(device);
    const simforge::Stream stream;
    if (*generate) return simforge::app::run_generate(gen, stream, *mpi);
    if (*run) return simforge::app::run_pipeline(run_args, stream);
    if (*train) return simforge::app::run_train(train_args, stream, *mpi);
    if (*eval) return simforge::app::run_eval(eval_args, stream);
    if (*predict) return simforge::app::run_predict(predict_args, stream);
  } catch (const std::exception& e) {
    const std::string rank = mpi && mpi->active() ? " [rank " + std::to_string(mpi->rank()) + " of " + std::to_string(mpi->size()) + "]" : "";
    std::fprintf(stderr, "simforge: error%s: %s\n", rank.c_str(), user_message(e).c_str());
    if (mpi) mpi->abort(1);  // the other ranks would wait for this one forever
    return 1;
  }
  return 0;
}
