#include <cstdio>

#include "commands.hpp"
#include "interrupt.hpp"
#include "kernels/device.hpp"
#include "mpi_session.hpp"
#include "progress.hpp"
#include "workflows/train.hpp"

namespace simforge::app {

int run_train(const TrainArgs& args, const Stream& stream, MpiSession& mpi) {
  config::Overrides overrides;
  if (args.output) overrides.emplace_back("output.path", *args.output);
  if (args.epochs) overrides.emplace_back("training.epochs", *args.epochs);
  if (args.data) overrides.emplace_back("data.path", *args.data);
  const config::TrainConfig config = config::load_train_config(args.config, overrides);
  Communicator& comm = mpi.communicator();
  const bool lead = comm.rank() == 0;  // the other ranks of a data-parallel run print only their errors
  if (lead)
    std::fprintf(stderr, "simforge train: %s (%s) on %s%s from %s -> %s\n", config.name.c_str(), config.model.type.c_str(),
                 device::description().c_str(), comm.size() > 1 ? (" x " + comm.description()).c_str() : "",
                 config.data.path.c_str(), config.output_path.c_str());
  set_interrupt_note(args.resume ? "the model file " + config.output_path + " keeps its last checkpoint; continue with: " + args.resume_command
                                 : "no checkpoint is written yet");
  Progress bar("train", "steps");
  std::size_t first = 0;
  const workflows::TrainRunOptions options{args.resume, args.stop_after, args.overwrite, {args.config}, &comm};
  const workflows::TrainReport r = workflows::train_surrogate(config, options, stream, [&](const workflows::TrainProgress& p) {
    if (!lead) return;
    if (!first) first = p.step;
    bar.update(p.step, p.total, p.step - first + 1, p.seconds);
    if (config.checkpoint_every && p.step % config.checkpoint_every == 0)
      set_interrupt_note("the checkpoint of step " + std::to_string(p.step) + " is saved in " + config.output_path +
                         "; continue with: " + args.resume_command);
  });
  if (!lead) return 0;
  bar.finish();
  for (const workflows::EpochMetrics& m : r.epochs)
    std::fprintf(stderr, "epoch %zu: train loss %.4g%s, %.1f samples/s\n", m.epoch, m.train_loss,
                 m.val_loss >= 0 ? (", val loss " + std::to_string(m.val_loss)).c_str() : "", m.samples_per_second);
  std::fprintf(stderr, "wrote %s: %zu parameters, step %zu of %zu%s, %.1f s (loader busy %.1f s, training waited %.2f s for it)\n",
               r.model_path.c_str(), r.parameters, r.steps, r.total_steps,
               r.resumed_from ? (", resumed at " + std::to_string(r.resumed_from)).c_str() : "", r.seconds, r.loader_read_seconds,
               r.loader_wait_seconds);
  return 0;
}

}  // namespace simforge::app
