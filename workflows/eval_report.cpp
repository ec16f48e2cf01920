#include "workflows/eval_report.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <sstream>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge::workflows {

namespace {
// A JSON string literal: quotes, backslashes and control characters escaped.
std::string quoted(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') o += '\\', o += char(c);
    else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += char(c);
  }
  return o + "\"";
}
}  // namespace

std::string EvalReport::json() const {
  std::ostringstream os;
  os.precision(6);
  const auto& m = metrics;
  os << "{\"model\": " << quoted(model) << ", \"dataset\": " << quoted(dataset) << ", \"split\": " << quoted(split) << ", \"samples\": " << m.samples
     << ", \"history\": " << history << (steady ? ", \"steady\": true" : "") << ", \"checkpoint_step\": " << step
     << ", \"checkpoint\": " << quoted(best_validation ? "best_validation" : "last") << ", \"rollout_steps\": " << m.steps
     << ", \"nrmse\": " << m.nrmse
     << ", \"one_step_nrmse\": " << m.one_step_nrmse << ", \"relative_l2\": " << m.relative_l2 << ", \"vrmse\": " << m.vrmse
     << ", \"frmse_low\": " << m.frmse_low << ", \"frmse_mid\": " << m.frmse_mid << ", \"frmse_high\": " << m.frmse_high
     << ", \"nrmse_per_step\": " << bracketed(m.nrmse_per_step) << ", \"surrogate_seconds_per_trajectory\": " << surrogate_seconds_per_trajectory;
  if (solver_seconds_per_trajectory >= 0)
    os << ", \"solver_seconds_per_trajectory\": " << solver_seconds_per_trajectory
       << ", \"speedup\": " << solver_seconds_per_trajectory / surrogate_seconds_per_trajectory;
  os << "}";
  return os.str();
}

EvalReport read_eval_report(const std::filesystem::path& path) {
  try {
    const YAML::Node j = YAML::LoadFile(path.string());  // JSON is YAML
    EvalReport r;
    r.model = j["model"].as<std::string>();
    r.dataset = j["dataset"].as<std::string>();
    r.split = j["split"].as<std::string>();
    r.history = j["history"].as<std::size_t>();
    r.steady = j["steady"] && j["steady"].as<bool>();
    if (j["checkpoint_step"]) r.step = j["checkpoint_step"].as<std::size_t>();  // absent in older reports
    r.best_validation = j["checkpoint"] && j["checkpoint"].as<std::string>() == "best_validation";
    r.metrics.samples = j["samples"].as<std::size_t>();
    r.metrics.steps = j["rollout_steps"].as<std::size_t>();
    r.metrics.nrmse = j["nrmse"].as<double>();
    r.metrics.one_step_nrmse = j["one_step_nrmse"].as<double>();
    r.metrics.relative_l2 = j["relative_l2"].as<double>();
    r.metrics.vrmse = j["vrmse"].as<double>();
    r.metrics.frmse_low = j["frmse_low"].as<double>();
    r.metrics.frmse_mid = j["frmse_mid"].as<double>();
    r.metrics.frmse_high = j["frmse_high"].as<double>();
    r.metrics.nrmse_per_step = j["nrmse_per_step"].as<std::vector<double>>();
    r.surrogate_seconds_per_trajectory = j["surrogate_seconds_per_trajectory"].as<double>();
    if (j["solver_seconds_per_trajectory"]) r.solver_seconds_per_trajectory = j["solver_seconds_per_trajectory"].as<double>();
    return r;
  } catch (const YAML::Exception& e) {
    SIMFORGE_FAIL("evaluation report ", path.string(), " is unreadable (", e.what(), "); delete it to re-evaluate");
  }
}

}  // namespace simforge::workflows
