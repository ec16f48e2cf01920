#include "workflows/train.hpp"

#include <chrono>
#include <optional>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "data/training_data.hpp"
#include "data/window_loader.hpp"
#include <yaml-cpp/yaml.h>

#include "io/checkpoint.hpp"
#include "io/commit.hpp"
#include "io/dataset_reader.hpp"
#include "io/output_lock.hpp"
#include "kernels/strings.hpp"
#include "kernels/error.hpp"
#include "surrogate/trainer.hpp"

namespace simforge::workflows {

using data::HostBatch;
using data::TrainingData;
using data::WindowLoader;
using data::WindowRef;

std::filesystem::path best_model_path(const std::filesystem::path& model) {
  std::filesystem::path p = model;
  p.replace_filename(model.stem().string() + ".best" + (model.has_extension() ? model.extension().string() : ".h5"));
  return p;
}

std::string EpochMetrics::json() const {
  std::ostringstream os;
  os.precision(9);
  os << "{\"epoch\": " << epoch << ", \"step\": " << step << ", \"train_loss\": " << train_loss;
  if (val_loss >= 0) os << ", \"val_loss\": " << val_loss;
  os << ", \"lr\": " << lr << ", \"seconds\": " << seconds << ", \"samples_per_second\": " << samples_per_second
     << ", \"loader_wait_seconds\": " << loader_wait_seconds << "}";
  return os.str();
}

namespace {

using Clock = std::chrono::steady_clock;

// Uploads a host batch (pinned: the copy is asynchronous in the CUDA build).
void upload(const HostBatch& b, const surrogate::Dims& in, std::size_t unroll, std::size_t fields, surrogate::Tensor& x,
            surrogate::Tensor& targets, const Stream& s) {  // fields: the model's output channels
  surrogate::ensure(x, in);
  if (targets.size() != unroll * in.n * fields * in.plane())
    targets = surrogate::Tensor(Shape{unroll, std::size_t(in.n), fields, std::size_t(in.h), std::size_t(in.w)});
  copy_n(x.data(), b.input.data(), x.size(), CopyKind::HostToDevice, s);
  copy_n(targets.data(), b.targets.data(), targets.size(), CopyKind::HostToDevice, s);
}

// The metrics log of a resumed run: the lines of the epochs the checkpoint completed, so that the
// run goes on to write exactly what an uninterrupted one would (a line a run stopped mid-epoch
// wrote for its partial epoch is dropped; the resumed run writes the whole epoch's).
std::vector<std::string> completed_epoch_lines(const std::filesystem::path& path, std::size_t resumed_step, std::size_t steps_per_epoch) {
  std::vector<std::string> kept;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::size_t step = 0;
    try {
      step = YAML::Load(line)["step"].as<std::size_t>();  // JSON is YAML
    } catch (const YAML::Exception&) {
      continue;  // a damaged line: its epoch is written again
    }
    if (step <= resumed_step && step % steps_per_epoch == 0) kept.push_back(line);
  }
  return kept;
}

// `epoch_loss` and `epoch_steps`: the unfinished epoch's running sum, which a resumed run continues.
io::Checkpoint make_checkpoint(const config::TrainConfig& c, const TrainingData& d, const std::string& identity, surrogate::Model& model,
                               surrogate::Trainer& t, std::size_t epoch, double epoch_loss, std::size_t epoch_steps, const Stream& s) {
  io::Checkpoint k;
  k.dataset_identity = identity;
  k.epoch_loss_sum = epoch_loss;
  k.epoch_steps = epoch_steps;
  k.config_yaml = c.effective_yaml();
  k.dataset = d.dataset;
  k.fields = d.fields;
  k.scalars = d.scalars;
  k.history = d.history;
  k.targets = d.targets;
  k.coordinates = d.coordinates;
  k.increment = c.increment;
  k.step = t.step();
  k.epoch = epoch;
  k.parameters = model.parameters_host(s);
  for (const std::string& name : t.optimizer().state_names()) k.optimizer_state.emplace_back(name, t.optimizer().state(name, s));
  k.norm_mean = d.normalization.mean;
  k.norm_std = d.normalization.std;
  k.train = d.train;
  k.val = d.val;
  k.test = d.test;
  return k;
}

}  // namespace

TrainReport train_surrogate(const config::TrainConfig& config, const TrainRunOptions& run, const Stream& stream,
                            const std::function<void(const TrainProgress&)>& progress) {
  const auto start = Clock::now();
  const int unroll = config.options.unroll;
  std::vector<std::filesystem::path> inputs = run.inputs;
  inputs.push_back(config.data.path);
  Communicator& comm = run.communicator ? *run.communicator : single_process();
  const bool lead = comm.rank() == 0;  // writes the model file and the metrics log
  const std::filesystem::path best_path = best_model_path(config.output_path);
  std::optional<io::OutputLock> model_lock, metrics_lock, best_lock;
  if (lead) {
    model_lock.emplace(config.output_path, inputs, run.resume || run.overwrite, "model file");
    inputs.push_back(config.output_path);
    metrics_lock.emplace(config.metrics_path, inputs, run.resume || run.overwrite, "metrics log");
    inputs.push_back(config.metrics_path);
    best_lock.emplace(best_path, inputs, run.resume || run.overwrite, "best-validation model file");
    if (!run.resume) std::filesystem::remove(best_path);  // another run's best is not this run's
  }
  TrainingData data = data::plan_training_data(config.data, unroll);
  const std::string identity = io::dataset_identity(io::DatasetReader(config.data.path).info());
  surrogate::ModelConfig mc = config.model;
  mc.rank = data.rank;
  mc.in_channels = data.layout().in_channels();
  mc.out_channels = data.layout().out_channels();

  std::optional<io::Checkpoint> resumed;
  if (run.resume) {
    resumed = io::read_checkpoint(config.output_path);
    SIMFORGE_CHECK(resumed->config_yaml == config.effective_yaml(), "cannot resume ", config.output_path,
                   ": the configuration differs from the one it was trained with (compare with `simforge eval` or start anew)");
    SIMFORGE_CHECK(!resumed->optimizer_state.empty(), "cannot resume ", config.output_path, ": it holds no optimizer state");
    SIMFORGE_CHECK(resumed->dataset_identity.empty() || resumed->dataset_identity == identity, "cannot resume ", config.output_path,
                   ": its dataset ", config.data.path, " changed since training started (then: ", resumed->dataset_identity,
                   "; now: ", identity, "); train anew with --overwrite");
    data = data::training_data_from(*resumed);  // the recorded split and normalization, not recomputed ones
  }

  const std::vector<WindowRef> windows = data::all_windows(data.train, data.frames, std::size_t(data.layout().window_frames(unroll)));
  const std::size_t batch = std::min(config.batch, windows.size());
  const std::size_t ranks = std::size_t(comm.size()), local_batch = batch / ranks;
  SIMFORGE_CHECK(batch % ranks == 0, "training.batch ", batch, batch < config.batch ? " (the training split's window count)" : "",
                 " does not split evenly over ", ranks, " ranks: choose a batch that ", ranks,
                 " divides, or a number of ranks that divides it (each rank steps on batch / ranks windows)");
  const std::size_t steps_per_epoch = windows.size() / batch;
  surrogate::TrainOptions options = config.options;
  options.total_steps = steps_per_epoch * config.epochs;

  surrogate::Runtime rt(stream, {config.math, config.deterministic});
  surrogate::Model model(mc);
  surrogate::Trainer trainer(model, rt, data.layout(), options, comm);
  std::size_t first_step = 0;
  if (resumed) {
    SIMFORGE_CHECK(resumed->parameters.size() == model.parameter_count(), "model file ", config.output_path, " has ",
                   resumed->parameters.size(), " parameters; the configured model has ", model.parameter_count());
    model.set_parameters(resumed->parameters, stream);
    trainer.optimizer().restore(resumed->optimizer_state, resumed->step, stream);
    first_step = resumed->step;
  } else {
    model.initialize(config.seed, stream);
  }
  const std::size_t last_step = std::min(options.total_steps, run.stop_after.value_or(options.total_steps));

  // Every batch from the first step to the last, in order: epochs are shuffled by (seed, epoch).
  std::vector<std::vector<WindowRef>> plan;
  for (std::size_t e = first_step / steps_per_epoch; e * steps_per_epoch < last_step; ++e) {
    auto batches = data::epoch_batches(windows, batch, config.seed, e);
    for (std::size_t i = 0; i < steps_per_epoch; ++i) {
      const std::size_t step = e * steps_per_epoch + i;
      if (step < first_step || step >= last_step) continue;
      const auto mine = batches[i].begin() + std::ptrdiff_t(std::size_t(comm.rank()) * local_batch);
      plan.emplace_back(mine, mine + std::ptrdiff_t(local_batch));  // this rank's share of the global batch
    }
  }
  WindowLoader loader(data.loader_spec(unroll), std::move(plan));
  const std::vector<WindowRef> val_windows = data::all_windows(data.val, data.frames, std::size_t(data.layout().window_frames(1)));

  TrainReport report;
  report.model_path = config.output_path;
  report.total_steps = options.total_steps;
  report.resumed_from = first_step;
  report.parameters = model.parameter_count();
  std::vector<std::string> metric_lines;
  if (resumed && lead) metric_lines = completed_epoch_lines(config.metrics_path, first_step, steps_per_epoch);
  auto write_metrics = [&] {
    if (lead) io::write_text_file(config.metrics_path, join(metric_lines, "\n") + (metric_lines.empty() ? "" : "\n"));
  };
  write_metrics();

  const surrogate::Dims in{int(local_batch), mc.in_channels, int(data.h), int(data.w)};
  surrogate::Tensor x, targets;
  // A run resumed mid-epoch continues that epoch's mean loss.
  const bool mid_epoch = resumed && first_step % steps_per_epoch != 0;
  double epoch_loss = mid_epoch ? resumed->epoch_loss_sum : 0;
  double best_val_loss = resumed ? resumed->best_val_loss : -1;
  std::size_t epoch_steps = mid_epoch ? resumed->epoch_steps : 0;
  auto epoch_start = Clock::now();
  double lr = 0;
  for (std::size_t step = first_step; step < last_step; ++step) {
    const HostBatch* b = loader.next();
    SIMFORGE_CHECK(b != nullptr, "loader ran out of batches at step ", step);
    upload(*b, in, std::size_t(data.layout().target_frames(unroll)), std::size_t(mc.out_channels), x, targets, stream);
    const surrogate::StepResult r = trainer.train_step(x, targets);  // throws naming the step on NaN
    lr = r.lr;
    report.step_losses.push_back(r.loss);
    report.last_loss = r.loss;
    report.steps = step + 1;
    epoch_loss += r.loss;
    ++epoch_steps;
    const std::size_t epoch = step / steps_per_epoch;
    if (progress) progress({step + 1, options.total_steps, epoch, r.loss, r.lr, std::chrono::duration<double>(Clock::now() - start).count()});
    const bool epoch_end = (step + 1) % steps_per_epoch == 0;
    const bool final = step + 1 == last_step;
    // What a checkpoint of this step records; written after the epoch's metrics line, so that a
    // run stopped between the two resumes from the step before and writes that line again.
    auto checkpoint = [&, loss = epoch_end ? 0.0 : epoch_loss, steps = epoch_end ? 0 : epoch_steps](double val_loss, bool best) {
      io::Checkpoint k = make_checkpoint(config, data, identity, model, trainer, epoch + (epoch_end ? 1 : 0), loss, steps, stream);
      k.val_loss = val_loss;
      k.best_val_loss = best_val_loss;
      k.best = best;
      return k;
    };
    double val_loss = -1;
    if (epoch_end || final) {
      EpochMetrics m;
      m.epoch = epoch;
      m.step = step + 1;
      m.train_loss = epoch_loss / double(epoch_steps);
      m.lr = lr;
      m.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
      m.samples_per_second = double(epoch_steps * batch) / m.seconds;
      m.loader_wait_seconds = loader.wait_seconds();
      comm.sum_host(&m.loader_wait_seconds, 1, stream);
      m.loader_wait_seconds /= double(ranks);
      // One-step validation loss over (up to 8 batches of) validation windows, by rank 0 alone:
      // it does not change the weights, and the other ranks go on to wait in the next step's sum.
      if (lead && !val_windows.empty()) {
        std::vector<std::vector<WindowRef>> vb =
            data::epoch_batches(val_windows, std::min(batch, val_windows.size()), config.seed, 0);
        vb.resize(std::min<std::size_t>(vb.size(), 8));
        WindowLoader vl(data.loader_spec(1), vb);
        double sum = 0;
        std::size_t count = 0;
        surrogate::Tensor vx, vt;
        while (const HostBatch* v = vl.next()) {
          upload(*v, {int(v->count), mc.in_channels, int(data.h), int(data.w)}, 1, std::size_t(mc.out_channels), vx, vt, stream);
          sum += trainer.evaluate(vx, vt);
          ++count;
        }
        m.val_loss = count ? sum / double(count) : -1;
      }
      val_loss = m.val_loss;
      metric_lines.push_back(m.json());
      write_metrics();
      report.epochs.push_back(m);
      epoch_loss = 0;
      epoch_steps = 0;
      epoch_start = Clock::now();
    }
    if (lead && val_loss >= 0 && (best_val_loss < 0 || val_loss < best_val_loss)) {
      best_val_loss = val_loss;
      io::write_checkpoint(best_path, checkpoint(val_loss, true));
    }
    if (lead && ((config.checkpoint_every && (step + 1) % config.checkpoint_every == 0) || final))
      io::write_checkpoint(config.output_path, checkpoint(val_loss, false));
  }
  report.loader_read_seconds = loader.read_seconds();
  report.loader_wait_seconds = loader.wait_seconds();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

}  // namespace simforge::workflows
