#pragma once
// Progress reporting for long commands: a redrawn bar on a terminal, plain periodic log lines
// otherwise (batch jobs, CI logs).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace simforge::app {

class Progress {
 public:
  explicit Progress(std::string what, std::string unit = "samples");
  // done/total units; `rate_units` counts only the units computed in this run (for samples/s).
  void update(std::size_t done, std::size_t total, std::size_t rate_units, double seconds);
  void finish();

 private:
  std::string what_, unit_;
  bool tty_;
  double last_log_ = -1e9;
  bool drawn_ = false;
};

// One bar per stage of a multi-stage command (run, export): a new stage ends the previous bar.
class StageBars {
 public:
  void update(const std::string& stage, const std::string& unit, std::size_t done, std::size_t total, std::size_t rate_units,
              double seconds);
  // The same, timed from the stage's first update, every unit counted in the rate.
  void update(const std::string& stage, const std::string& unit, std::size_t done, std::size_t total);
  void finish();

 private:
  std::string stage_;
  std::optional<Progress> bar_;
  std::chrono::steady_clock::time_point stage_start_;
};

}  // namespace simforge::app
