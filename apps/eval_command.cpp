#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "commands.hpp"
#include "io/checkpoint.hpp"
#include "io/commit.hpp"
#include "io/output_lock.hpp"
#include "workflows/evaluate.hpp"
#include "workflows/train.hpp"
#include "kernels/device.hpp"
#include "progress.hpp"

namespace simforge::app {

void print_evaluation(const workflows::EvalReport& r) {
  const auto& m = r.metrics;
  const std::filesystem::path best = workflows::best_model_path(r.model);
  std::printf("scoring the %s checkpoint (step %zu)%s\n", r.best_validation ? "best-validation" : "last", r.step,
              !r.best_validation && std::filesystem::exists(best) ? ("; the best-validation one is " + best.string()).c_str() : "");
  if (r.steady)
    std::printf("%s on %s (%s split, %zu samples, a steady map)\n", r.model.c_str(), r.dataset.c_str(), r.split.c_str(), m.samples);
  else
    std::printf("%s on %s (%s split, %zu trajectories, %zu input frames, %zu rollout steps)\n", r.model.c_str(), r.dataset.c_str(),
                r.split.c_str(), m.samples, r.history, m.steps);
  if (r.steady)  // one prediction per sample: no rollout, no one-step error apart from it
    std::printf("  nRMSE %.4g   relative L2 %.4g   VRMSE %.4g\n", m.nrmse, m.relative_l2, m.vrmse);
  else
    std::printf("  nRMSE %.4g (one step, teacher-forced: %.4g)   relative L2 %.4g   VRMSE %.4g\n", m.nrmse, m.one_step_nrmse,
                m.relative_l2, m.vrmse);
  std::printf("  fRMSE low %.4g  mid %.4g  high %.4g\n", m.frmse_low, m.frmse_mid, m.frmse_high);
  std::printf("  nRMSE by rollout step:");
  for (double e : m.nrmse_per_step) std::printf(" %.3g", e);
  std::printf("\n  surrogate %.4g s per trajectory", r.surrogate_seconds_per_trajectory);
  if (r.solver_seconds_per_trajectory >= 0)
    std::printf(", solver %.4g s: speed-up %.1fx", r.solver_seconds_per_trajectory,
                r.solver_seconds_per_trajectory / r.surrogate_seconds_per_trajectory);
  std::printf("\n");
}

int run_eval(const EvalArgs& args, const Stream& stream) {
  workflows::EvalOptions o;
  o.dataset = args.dataset;
  o.split = args.split;
  o.max_samples = args.max_samples;
  o.time_solver = !args.no_solver;
  Progress bar("eval", "trajectories");
  o.progress = [&](std::size_t done, std::size_t total, double seconds) { bar.update(done, total, done, seconds); };
  std::fprintf(stderr, "simforge eval: %s on %s\n", args.model.c_str(), device::description().c_str());
  // The report's path is checked (and held) before the evaluation runs: never the model or its data.
  std::optional<io::OutputLock> lock;
  if (args.json)
    lock.emplace(*args.json, std::vector<std::filesystem::path>{args.model, args.dataset.value_or(io::read_checkpoint(args.model).dataset)},
                 args.overwrite, "report");
  const workflows::EvalReport r = workflows::evaluate_surrogate(args.model, o, stream);
  bar.finish();
  print_evaluation(r);
  if (args.json) {
    io::write_text_file(*args.json, r.json() + "\n");
    std::printf("  wrote %s (draw it: simforge plot %s)\n", args.json->c_str(), args.json->c_str());
  }
  return 0;
}

}  // namespace simforge::app
